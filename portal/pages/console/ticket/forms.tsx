import { useEffect, useState } from 'preact/hooks';
import type { ResolutionPreview, Ticket } from '#contracts/responses';
import { ROOT_CAUSES, type RootCause } from '#contracts/vocabulary';
import { api, ApiError } from '../../../api/client';
import { KindBadge } from '../../../components/badges';
import { clearDraft, ErrorSummary, Field, readDraft, saveDraft, type FieldErrors } from '../../../components/form';
import { reasonLabel, ruleLabel } from '../../../components/labels';
import { duration, money, t } from '../../../i18n/index';
import { tm } from './i18n';
import { clock, startTimer, stopTimer, timerStartedAt } from './timer';

/**
 * The workspace's writes: reply, internal note, time (timer or typed minutes), resolution after its
 * preview. Each sends the ticket's `revision` as shown; a 409 (the ticket moved meanwhile) keeps what was
 * typed and hands the server's `changes` to the workspace, which shows them; sending again after the
 * refresh uses the new revision. Drafts live in sessionStorage.
 */
export interface Changes {
  revision: number;
  status: Ticket['status'];
  messages: { id: string }[];
  worklogs: { id: string }[];
  notes?: { id: string }[];
}

export interface WriteProps {
  ticket: Ticket;
  /** After a write, or after a 409 (with what changed): the workspace refreshes the ticket. */
  onDone: (changes?: Changes) => Promise<void>;
}

/** Runs a write; a 409 carrying `changes` goes to `onDone`, other refusals become the form's messages. */
async function send(write: () => Promise<unknown>, props: WriteProps, fieldOf: Record<string, string>): Promise<{ ok: true } | { ok: false; errors: FieldErrors; general?: string }> {
  try {
    await write();
    await props.onDone();
    return { ok: true };
  } catch (err) {
    const m = tm.value;
    if (!(err instanceof ApiError)) return { ok: false, errors: {}, general: m.offline };
    if (err.status === 409 && err.problem.changes) {
      await props.onDone(err.problem.changes as Changes);
      return { ok: false, errors: {} };
    }
    const errors: FieldErrors = {};
    for (const e of err.problem.errors ?? []) {
      const field = e.path.split('.')[0]!;
      if (field in fieldOf) errors[fieldOf[field]!] = fieldOf[field] && e.message;
    }
    return { ok: false, errors, general: Object.keys(errors).length ? undefined : `${m.failed}: ${err.problem.detail}` };
  }
}

function useFormState() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const fail = (e: FieldErrors, g?: string) => (setErrors(e), setGeneral(g), setFocusKey((k) => k + 1));
  return { errors, general, focusKey, busy, setBusy, sent, setSent, fail, clear: () => (setErrors({}), setGeneral(undefined)) };
}

/** A reply to the customer or an internal note: one textarea. */
export function TextForm(props: WriteProps & { kind: 'reply' | 'note' }) {
  const m = tm.value;
  const id = props.kind;
  const draftKey = `console-${id}:${props.ticket.id}`;
  const [text, setText] = useState(() => readDraft<{ text: string }>(draftKey).text ?? '');
  const f = useFormState();
  const label = id === 'reply' ? m.replyLabel : m.noteLabel;
  if (id === 'reply' && props.ticket.status === 'closed') return null;
  async function submit(e: Event) {
    e.preventDefault();
    if (f.busy) return;
    f.clear();
    if (!text.trim() || text.length > 10_000) return f.fail({ [id]: m.textRequired });
    f.setBusy(true);
    const body = { body: text.trim(), ...(props.ticket.revision ? { revision: props.ticket.revision } : {}) };
    const params = { id: props.ticket.id };
    const out = await send(() => (id === 'reply' ? api.createTicketMessage({ params, body }) : api.createTicketNote({ params, body })), props, { body: id });
    f.setBusy(false);
    if (out.ok) return (setText(''), clearDraft(draftKey), f.setSent(true));
    if (Object.keys(out.errors).length || out.general) f.fail(Object.fromEntries(Object.keys(out.errors).map((k) => [k, m.textRequired])), out.general);
  }
  return (
    <section aria-labelledby={`${id}-title`} class={`card ws-form ws-${id}`}>
      <h2 id={`${id}-title`}>{id === 'reply' ? m.replyTitle : m.noteTitle}</h2>
      {id === 'note' && <p class="muted">{m.internalNoteHint}</p>}
      <ErrorSummary errors={f.errors} general={f.general} labels={{ [id]: label }} focusKey={f.focusKey} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <Field id={id} label={label} error={f.errors[id]}>
          {(a) => <textarea {...a} rows={3} value={text} onInput={(e) => (setText(e.currentTarget.value), f.setSent(false), saveDraft(draftKey, { text: e.currentTarget.value }))} />}
        </Field>
        <button type="submit" disabled={f.busy} class={id === 'note' ? 'button-secondary' : undefined}>
          {f.busy ? m.sending : id === 'reply' ? m.replySend : m.noteSend}
        </button>
        {f.sent && (
          <p role="status" class="muted">
            {m.sent}
          </p>
        )}
      </form>
    </section>
  );
}

/** Time: a start/stop timer that survives a reload (sessionStorage), or minutes typed; remote or on site. */
export function WorklogForm(props: WriteProps) {
  const m = tm.value;
  const ticketId = props.ticket.id;
  const draftKey = `console-worklog:${ticketId}`;
  const [draft, setDraft] = useState(() => ({ minutes: '', kind: 'remote' as 'remote' | 'onsite', note: '', ...readDraft<{ minutes: string; kind: 'remote' | 'onsite'; note: string }>(draftKey) }));
  const [startedAt, setStartedAt] = useState(() => timerStartedAt(ticketId));
  const [now, setNow] = useState(Date.now());
  const [stopped, setStopped] = useState<number | undefined>();
  const f = useFormState();
  useEffect(() => saveDraft(draftKey, draft), [draft]);
  useEffect(() => {
    if (startedAt === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  if (props.ticket.status !== 'open' && props.ticket.status !== 'in_progress') return <p class="muted card">{m.worklogClosed}</p>;
  const set = <K extends keyof typeof draft>(k: K, v: (typeof draft)[K]) => (setDraft((d) => ({ ...d, [k]: v })), f.setSent(false));
  function toggleTimer() {
    if (startedAt === undefined) {
      setStopped(undefined);
      setNow(Date.now());
      setStartedAt(startTimer(ticketId));
      return;
    }
    const minutes = stopTimer(ticketId, startedAt);
    setStartedAt(undefined);
    setStopped(minutes);
    set('minutes', String(minutes));
  }
  async function submit(e: Event) {
    e.preventDefault();
    if (f.busy) return;
    f.clear();
    const minutes = Number(draft.minutes);
    const found: FieldErrors = {};
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) found.minutes = m.minutesRequired;
    if (!draft.note.trim() || draft.note.length > 2000) found.worklogNote = m.worklogNoteRequired;
    if (Object.keys(found).length) return f.fail(found);
    f.setBusy(true);
    const body = { minutes, kind: draft.kind, note: draft.note.trim(), ...(props.ticket.revision ? { revision: props.ticket.revision } : {}) };
    const out = await send(() => api.createWorklog({ params: { id: ticketId }, body }), props, { minutes: 'minutes', note: 'worklogNote', kind: 'minutes' });
    f.setBusy(false);
    if (out.ok) return (setDraft({ minutes: '', kind: draft.kind, note: '' }), clearDraft(draftKey), setStopped(undefined), f.setSent(true));
    const mapped: FieldErrors = {};
    if (out.errors.minutes) mapped.minutes = m.minutesRequired;
    if (out.errors.worklogNote) mapped.worklogNote = m.worklogNoteRequired;
    if (Object.keys(mapped).length || out.general) f.fail(mapped, out.general);
  }
  return (
    <section aria-labelledby="worklog-title" class="card ws-form">
      <h2 id="worklog-title">{m.worklogTitle}</h2>
      <div class="ws-timer">
        <button type="button" id="timer" class={startedAt === undefined ? 'button-secondary' : undefined} aria-pressed={startedAt !== undefined} onClick={toggleTimer}>
          {startedAt === undefined ? m.timerStart : m.timerStop}
        </button>
        <span role="status" class="ws-timer-clock">
          {startedAt !== undefined ? m.timerRunning(clock(now - startedAt)) : stopped !== undefined ? m.timerStopped(stopped) : ''}
        </span>
      </div>
      <ErrorSummary errors={f.errors} general={f.general} labels={{ minutes: m.minutesLabel, worklogNote: m.worklogNoteLabel }} focusKey={f.focusKey} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <Field id="minutes" label={m.minutesLabel} hint={m.minutesHint} error={f.errors.minutes}>
          {(a) => <input {...a} type="text" inputMode="numeric" autoComplete="off" class="input-short" value={draft.minutes} onInput={(e) => set('minutes', e.currentTarget.value)} />}
        </Field>
        <fieldset class="radios ws-kind">
          <legend>{m.kindLabel}</legend>
          {(['remote', 'onsite'] as const).map((k) => (
            <label key={k} class="radio">
              <input type="radio" name="kind" value={k} checked={draft.kind === k} onChange={() => set('kind', k)} /> {k === 'remote' ? m.remote : m.onsite}
            </label>
          ))}
        </fieldset>
        <Field id="worklogNote" label={m.worklogNoteLabel} error={f.errors.worklogNote}>
          {(a) => <textarea {...a} rows={2} value={draft.note} onInput={(e) => set('note', e.currentTarget.value)} />}
        </Field>
        <button type="submit" disabled={f.busy}>
          {f.busy ? m.sending : m.worklogSend}
        </button>
        {f.sent && (
          <p role="status" class="muted">
            {m.sent}
          </p>
        )}
      </form>
    </section>
  );
}

/** The figures of a preview, or of the outcome the workflow recorded: the same words, so they compare at a glance. */
export function Figures(props: { classification: NonNullable<Ticket['classification']>; loggedMinutes: number; billableMinutes: number; charges: Ticket['charges']; hourlyRateCents?: number | undefined; testId: string }) {
  const m = tm.value;
  const c = t.value;
  const amount = (minutes: number) => (props.hourlyRateCents === undefined ? '' : ` · ${m.amount(money(Math.floor((minutes * props.hourlyRateCents + 30) / 60)))}`);
  return (
    <dl class="facts" data-testid={props.testId}>
      <div>
        <dt>{m.classification}</dt>
        <dd>
          <KindBadge kind={props.classification.kind} />
        </dd>
      </div>
      <div>
        <dt>{m.reason}</dt>
        <dd>{reasonLabel(c, props.classification.reason)}</dd>
      </div>
      <div>
        <dt>{m.logged}</dt>
        <dd>{duration(props.loggedMinutes)}</dd>
      </div>
      <div>
        <dt>{m.billable}</dt>
        <dd data-testid={`${props.testId}-billable`}>{duration(props.billableMinutes)}</dd>
      </div>
      <div class="ws-wide">
        <dt>{m.buckets}</dt>
        <dd>
          {props.charges.length === 0 ? (
            m.noCharges
          ) : (
            <ul class="plain" data-testid={`${props.testId}-charges`}>
              {props.charges.map((ch) => (
                <li key={`${ch.bucket}${ch.packageId ?? ''}`}>
                  {m[`bucket_${ch.bucket}`]}: {duration(ch.minutes)}
                  {ch.bucket === 'consuntivo' ? amount(ch.minutes) : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div class="ws-wide">
        <dt>{m.rule}</dt>
        <dd class="ws-rule">{ruleLabel(c, props.classification.rule)}</dd>
      </div>
    </dl>
  );
}

/** Root cause and summary, then the preview (the workflow's own computation, nothing written), then confirm. */
export function ResolutionForm(props: WriteProps) {
  const m = tm.value;
  const draftKey = `console-resolution:${props.ticket.id}`;
  const [draft, setDraft] = useState(() => ({ rootCause: '' as RootCause | '', summary: '', ...readDraft<{ rootCause: RootCause; summary: string }>(draftKey) }));
  const [preview, setPreview] = useState<ResolutionPreview | undefined>();
  const f = useFormState();
  useEffect(() => saveDraft(draftKey, draft), [draft]);
  // A preview is of the ticket as it was: a change (a worklog, a message) asks for a new one.
  useEffect(() => setPreview(undefined), [props.ticket.revision]);
  if (props.ticket.status !== 'open' && props.ticket.status !== 'in_progress') return null;
  const set = <K extends keyof typeof draft>(k: K, v: (typeof draft)[K]) => (setDraft((d) => ({ ...d, [k]: v })), setPreview(undefined));
  function check(): { rootCause: RootCause; summary: string } | undefined {
    const found: FieldErrors = {};
    if (!draft.rootCause) found.rootCause = m.rootCauseRequired;
    if (!draft.summary.trim() || draft.summary.length > 4000) found.summary = m.summaryRequired;
    if (Object.keys(found).length) return void f.fail(found);
    return { rootCause: draft.rootCause as RootCause, summary: draft.summary.trim() };
  }
  const fields = { rootCause: 'rootCause', summary: 'summary' };
  const mapErrors = (errors: FieldErrors): FieldErrors => ({ ...(errors.rootCause ? { rootCause: m.rootCauseRequired } : {}), ...(errors.summary ? { summary: m.summaryRequired } : {}) });
  async function askPreview() {
    if (f.busy) return;
    f.clear();
    const body = check();
    if (!body) return;
    f.setBusy(true);
    let got: ResolutionPreview | undefined;
    const out = await send(async () => (got = await api.previewResolution({ params: { id: props.ticket.id }, body: { ...body, ...(props.ticket.revision ? { revision: props.ticket.revision } : {}) } })), { ...props, onDone: async (c) => (c ? props.onDone(c) : undefined) }, fields);
    f.setBusy(false);
    if (out.ok) {
      setPreview(got);
      setTimeout(() => document.getElementById('preview-title')?.focus());
    } else if (Object.keys(out.errors).length || out.general) f.fail(mapErrors(out.errors), out.general);
  }
  async function confirm(e: Event) {
    e.preventDefault();
    if (f.busy) return;
    if (!preview) return void askPreview();
    const body = check();
    if (!body) return;
    f.setBusy(true);
    const out = await send(() => api.resolveTicket({ params: { id: props.ticket.id }, body: { ...body, revision: preview.revision } }), props, fields);
    f.setBusy(false);
    if (out.ok) return void clearDraft(draftKey);
    if (Object.keys(out.errors).length || out.general) f.fail(mapErrors(out.errors), out.general);
  }
  return (
    <section aria-labelledby="resolve-title" class="card ws-form ws-resolve">
      <h2 id="resolve-title">{m.resolveTitle}</h2>
      <ErrorSummary errors={f.errors} general={f.general} labels={{ rootCause: m.rootCauseLabel, summary: m.summaryLabel }} focusKey={f.focusKey} />
      <form class="form form-wide" onSubmit={confirm} noValidate>
        <fieldset id="rootCause" class="radios" tabIndex={-1} aria-describedby={f.errors.rootCause ? 'rootCause-error' : undefined}>
          <legend>{m.rootCauseLabel}</legend>
          {f.errors.rootCause && (
            <p id="rootCause-error" class="field-error">
              {f.errors.rootCause}
            </p>
          )}
          {ROOT_CAUSES.map((rc) => (
            <label key={rc} class="radio">
              <input type="radio" name="rootCause" value={rc} checked={draft.rootCause === rc} onChange={() => set('rootCause', rc)} /> {m[`rootCause_${rc}`]}
            </label>
          ))}
        </fieldset>
        <Field id="summary" label={m.summaryLabel} error={f.errors.summary}>
          {(a) => <textarea {...a} rows={3} value={draft.summary} onInput={(e) => set('summary', e.currentTarget.value)} />}
        </Field>
        <div class="actions">
          <button type="button" class="button-secondary" disabled={f.busy} onClick={() => void askPreview()}>
            {m.previewButton}
          </button>
          <button type="submit" disabled={f.busy || !preview} aria-describedby={preview ? undefined : 'confirm-hint'}>
            {m.confirm}
          </button>
        </div>
        {!preview && (
          <p id="confirm-hint" class="muted">
            {m.previewFirst}
          </p>
        )}
      </form>
      {preview && (
        <div class="ws-preview" role="region" aria-labelledby="preview-title">
          <h3 id="preview-title" tabIndex={-1}>
            {m.previewTitle}
          </h3>
          <p class="muted">{m.previewHint}</p>
          <Figures classification={preview.classification} loggedMinutes={preview.loggedMinutes} billableMinutes={preview.billableMinutes} charges={preview.charges} hourlyRateCents={preview.hourlyRateCents} testId="preview" />
          <p class="muted">{m.policy(preview.billingIncrementMinutes, preview.onSiteMinimumMinutes)}</p>
        </div>
      )}
    </section>
  );
}
