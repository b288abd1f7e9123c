import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReclassificationPreview, TicketSummary } from '#contracts/responses';
import type { Classification } from '#contracts/vocabulary';
import { api, ApiError } from '../../../api/client';
import { KindBadge, StatusBadge } from '../../../components/badges';
import { ErrorSummary, Field, problemErrors, type FieldErrors } from '../../../components/form';
import { kindLabel, statusLabel } from '../../../components/labels';
import { Failed, Loading, Page } from '../../../components/page';
import { dateTime, duration, money, t } from '../../../i18n/index';
import { consoleHref, type AreaProps } from '../areas';
import { accountNames } from '../incidents/accounts';
import { sm } from './i18n';

/**
 * The supervisor's desk, three tabs in the address (`#/console/supervisor/<tab>`): contests waiting for a
 * decision (with a note), reclassifying a closed ticket (found by number, previewed by the ledger's own
 * plan, then confirmed and followed until settled), and the tickets whose workflow is stuck (re-run).
 */
type Tab = 'contests' | 'reclassify' | 'attention';
const TABS: readonly Tab[] = ['contests', 'reclassify', 'attention'];

export default function SupervisorArea(props: AreaProps) {
  const m = sm.value;
  const tab: Tab = TABS.includes(props.path[0] as Tab) ? (props.path[0] as Tab) : 'contests';
  const label = { contests: m.tabContests, reclassify: m.tabReclassify, attention: m.tabAttention };
  return (
    <Page title={m.title}>
      <nav aria-label={m.tabs} class="tabs">
        <ul>
          {TABS.map((id) => (
            <li key={id}>
              <a href={consoleHref('supervisor', [id])} aria-current={id === tab ? 'page' : undefined}>
                {label[id]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2 class="tab-title">{label[tab]}</h2>
      {tab === 'contests' ? <Contests /> : tab === 'reclassify' ? <Reclassify initial={props.query.get('number') ?? ''} /> : <Attention />}
    </Page>
  );
}

/** Polls a ticket (about once a second) until `done` holds or `timeoutMs` passes; the last copy seen. */
async function follow(id: string, done: (t: TicketSummary) => boolean, timeoutMs = 30_000): Promise<{ ticket: TicketSummary; done: boolean }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ticket = await api.getTicket({ params: { id } });
    if (done(ticket)) return { ticket, done: true };
    if (Date.now() > until) return { ticket, done: false };
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function useNames(): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    accountNames().then(
      (all) => setNames(new Map(all.map((a) => [a.id, a.name]))),
      () => undefined,
    );
  }, []);
  return names;
}

const bucketName = (b: string) => (b === 'free' ? t.value.bucketFree : b === 'package' ? t.value.bucketPackage : t.value.bucketConsuntivo);

function Charges(props: { ticket: TicketSummary }) {
  const c = props.ticket.charges;
  return <>{c.length ? c.map((x) => `${bucketName(x.bucket)} ${duration(x.minutes)}`).join(', ') : duration(props.ticket.billableMinutes)}</>;
}

function TicketLink(props: { ticket: TicketSummary }) {
  return <a href={consoleHref('tickets', [props.ticket.id])}>{props.ticket.number}</a>;
}

/** The outcome of the last action, announced. */
function Outcome(props: { text: string | undefined; tone?: 'ok' | 'warning' }) {
  return (
    <div role="status" class={props.text ? `banner banner-${props.tone ?? 'ok'}` : 'visually-hidden'}>
      {props.text ? <p>{props.text}</p> : null}
    </div>
  );
}

function Contests() {
  const m = sm.value;
  const names = useNames();
  const [list, setList] = useState<TicketSummary[] | 'loading' | 'error'>('loading');
  const [outcome, setOutcome] = useState<string | undefined>();
  const load = () =>
    api.listTickets({ query: { status: 'contested', limit: 100 } }).then(
      (page) => setList(page.items.filter((x) => x.contest?.status === 'pending')),
      () => setList('error'),
    );
  useEffect(() => void load(), []);
  return (
    <>
      <p class="muted">{m.contestsIntro}</p>
      <Outcome text={outcome} />
      {list === 'loading' ? (
        <Loading />
      ) : list === 'error' ? (
        <Failed onRetry={() => (setList('loading'), void load())} />
      ) : list.length === 0 ? (
        <p>{m.noContests}</p>
      ) : (
        <ul class="plain">
          {list.map((x) => (
            <Contest
              key={x.id}
              ticket={x}
              customer={names.get(x.customerId) ?? x.customerId}
              onDecided={(text) => {
                setOutcome(text);
                void load();
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function Contest(props: { ticket: TicketSummary; customer: string; onDecided: (text: string) => void }) {
  const m = sm.value;
  const x = props.ticket;
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const id = `note-${x.id}`;

  async function decide(decision: 'accepted' | 'rejected') {
    if (busy) return;
    if (!note.trim() || note.length > 2_000) return (setErrors({ [id]: m.noteRequired }), setFocusKey((k) => k + 1));
    setErrors({});
    setBusy(true);
    try {
      await api.decideContest({ params: { id: x.id }, body: { decision, note: note.trim() } });
      props.onDecided(decision === 'accepted' ? m.accepted(x.number) : m.rejected(x.number));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) return props.onDecided(m.decidedMeanwhile);
      const mapped = problemErrors(err, { note: m.noteRequired });
      setErrors(mapped.errors.note ? { [id]: mapped.errors.note } : {});
      setGeneral(mapped.general);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card contest-card">
      <h3>
        <TicketLink ticket={x} /> · {x.subject}
      </h3>
      <p class="muted">
        {props.customer} · {m.contestedAt(dateTime(x.contest!.at), x.contest!.by)}
      </p>
      <dl class="facts">
        <div>
          <dt>{m.charged}</dt>
          <dd>
            <Charges ticket={x} />
          </dd>
        </div>
        <div>
          <dt>{m.billableMinutes}</dt>
          <dd>{duration(x.billableMinutes)}</dd>
        </div>
      </dl>
      <p class="contest-reason">
        <strong>{m.customerReason}: </strong>
        <span class="message-body">{x.contest!.reason}</span>
      </p>
      <form onSubmit={(e) => e.preventDefault()} noValidate class="form-wide">
        <ErrorSummary errors={errors} general={general} labels={{ [id]: m.noteLabel }} focusKey={focusKey} />
        <Field id={id} label={m.noteLabel} hint={m.noteHint} error={errors[id]}>
          {(a) => <textarea {...a} rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => void decide('accepted')}>
            {m.accept}
          </button>
          <button type="button" class="button-secondary" disabled={busy} onClick={() => void decide('rejected')}>
            {m.reject}
          </button>
        </div>
      </form>
    </li>
  );
}

const TICKET_NUMBER = /^T-\d{4}-\d{6}$/;

function Reclassify(props: { initial: string }) {
  const m = sm.value;
  const [number, setNumber] = useState(props.initial);
  const [found, setFound] = useState<TicketSummary | undefined>();
  const [findError, setFindError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; tone: 'ok' | 'warning' } | undefined>();

  async function find(e: Event) {
    e.preventDefault();
    const n = number.trim().toUpperCase();
    setOutcome(undefined);
    if (!TICKET_NUMBER.test(n)) return (setFindError(m.numberRequired), setFound(undefined));
    setBusy(true);
    try {
      setFound(await api.getTicket({ params: { id: n } }));
      setFindError(undefined);
    } catch (err) {
      setFound(undefined);
      setFindError(err instanceof ApiError && err.status === 404 ? m.notFound(n) : problemErrors(err, {}).general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p class="muted">{m.reclassifyIntro}</p>
      <Outcome text={outcome?.text} tone={outcome?.tone ?? 'ok'} />
      <form class="form find-ticket" onSubmit={(e) => void find(e)} noValidate>
        <Field id="number" label={m.numberLabel} hint={m.numberHint} error={findError}>
          {(a) => <input {...a} type="text" autoComplete="off" spellcheck={false} value={number} onInput={(e) => setNumber(e.currentTarget.value)} />}
        </Field>
        <button type="submit" disabled={busy}>
          {m.find}
        </button>
      </form>
      {found && (
        <ReclassifyTicket
          key={`${found.id}:${found.reclassification?.round ?? 0}:${found.status}`}
          ticket={found}
          onDone={(ticket, text, tone) => {
            setFound(ticket);
            setOutcome({ text, tone });
          }}
        />
      )}
    </>
  );
}

function ReclassifyTicket(props: { ticket: TicketSummary; onDone: (t: TicketSummary, text: string, tone: 'ok' | 'warning') => void }) {
  const m = sm.value;
  const x = props.ticket;
  const current = x.classification?.kind;
  const [to, setTo] = useState<Classification | undefined>(current === 'billable' ? 'included' : current === 'included' ? 'billable' : undefined);
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<ReclassificationPreview | 'loading' | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [working, setWorking] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (x.status !== 'closed' || !to || to === current) return setPreview(undefined);
    let live = true;
    setPreview('loading');
    api.previewReclassification({ params: { id: x.id }, query: { classification: to } }).then(
      (p) => live && setPreview(p),
      () => live && setPreview(undefined),
    );
    return () => {
      live = false;
    };
  }, [to, x.id, x.status, current]);

  async function submit(e: Event) {
    e.preventDefault();
    if (working) return;
    const found: FieldErrors = {};
    if (!to || to === current) found.classification = m.classificationRequired;
    if (!reason.trim() || reason.length > 2_000) found.reason = m.reasonRequired;
    setErrors(found);
    setGeneral(undefined);
    if (Object.keys(found).length) return setFocusKey((k) => k + 1);
    setWorking(true);
    try {
      const started = await api.reclassifyTicket({ params: { id: x.id }, body: { classification: to!, reason: reason.trim() } });
      const round = started.reclassification?.round ?? 0;
      const end = await follow(x.id, (tk) => tk.status === 'closed' && tk.reclassification?.round === round);
      if (end.done) props.onDone(end.ticket, m.done(x.number, kindLabel(t.value, end.ticket.classification!.kind).toLowerCase(), duration(end.ticket.billableMinutes)), 'ok');
      else props.onDone(end.ticket, m.slow, 'warning');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setGeneral(err.problem?.detail?.includes('consent') ? m.consentMissing : m.conflict);
      else {
        const mapped = problemErrors(err, { classification: m.classificationRequired, reason: m.reasonRequired });
        setErrors(mapped.errors);
        setGeneral(mapped.general);
      }
      setFocusKey((k) => k + 1);
    } finally {
      setWorking(false);
    }
  }

  return (
    <section class="card reclassify" aria-labelledby="reclassify-ticket">
      <h3 id="reclassify-ticket" tabIndex={-1} ref={heading}>
        <TicketLink ticket={x} /> · {x.subject}
      </h3>
      <dl class="facts">
        <div>
          <dt>{x.status === 'closed' ? m.currently : m.colStatus}</dt>
          <dd>{x.status === 'closed' && current ? <KindBadge kind={current} /> : <StatusBadge status={x.status} />}</dd>
        </div>
        <div>
          <dt>{m.billableMinutes}</dt>
          <dd>{duration(x.billableMinutes)}</dd>
        </div>
        <div>
          <dt>{m.charged}</dt>
          <dd>
            <Charges ticket={x} />
          </dd>
        </div>
      </dl>
      {x.status !== 'closed' ? (
        <p class="banner banner-warning">{m.notClosed(statusLabel(t.value, x.status).toLowerCase())}</p>
      ) : working ? (
        <p role="status" class="banner">
          {m.working}
        </p>
      ) : (
        <form class="form-wide" onSubmit={(e) => void submit(e)} noValidate>
          <ErrorSummary errors={errors} general={general} labels={{ classification: m.newClassification, reason: m.reasonLabel }} focusKey={focusKey} />
          <fieldset class={`radios field${errors.classification ? ' field-error' : ''}`} id="classification" tabIndex={-1}>
            <legend>{m.newClassification}</legend>
            {errors.classification && <p class="error-message">{errors.classification}</p>}
            {(['included', 'billable'] as const)
              .filter((k) => k !== current)
              .map((k) => (
                <div class="radio" key={k}>
                  <input type="radio" id={`to-${k}`} name="to" checked={to === k} onChange={() => setTo(k)} />
                  <label for={`to-${k}`}>{k === 'included' ? m.toIncluded : m.toBillable}</label>
                </div>
              ))}
          </fieldset>
          <Field id="reason" label={m.reasonLabel} hint={m.reasonHint} error={errors.reason}>
            {(a) => <textarea {...a} rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
          </Field>
          <Preview preview={preview} />
          <div class="actions">
            <button type="submit" disabled={preview === 'loading' || (preview !== undefined && preview.consentMissing)}>
              {m.confirm}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Preview(props: { preview: ReclassificationPreview | 'loading' | undefined }) {
  const m = sm.value;
  const p = props.preview;
  if (!p) return null;
  if (p === 'loading') return <p class="muted">{m.previewLoading}</p>;
  return (
    <section class={`card preview${p.to === 'billable' ? ' preview-billable' : ''}`} aria-labelledby="preview-title" aria-live="polite">
      <h4 id="preview-title">{m.previewTitle}</h4>
      <p>{m.previewMinutes(duration(p.billableMinutes))}</p>
      {p.moves.length ? (
        <ul>
          {p.moves.map((x) => (
            <li key={`${x.bucket}${x.packageId ?? ''}`}>{x.minutes > 0 ? m.drawn(bucketName(x.bucket), duration(x.minutes)) : m.givenBack(bucketName(x.bucket), duration(-x.minutes))}</li>
          ))}
        </ul>
      ) : (
        <p>{m.nothingMoves}</p>
      )}
      {p.consuntivoCents > 0 && <p>{m.consuntivoCost(money(p.consuntivoCents))}</p>}
      {p.consentMissing && <p class="banner banner-error">{m.consentMissing}</p>}
    </section>
  );
}

/**
 * What the re-run route accepts (`rerunWorkflow`): a failed workflow, or one the ticket waits for. A ticket
 * whose findings are overdue needs its technician, not a re-run: it links to the workspace instead.
 */
const canRerun = (x: TicketSummary) => x.attention?.reason === 'failed' || x.status === 'resolved' || (x.status === 'contested' && x.contest?.status === 'accepted');

function Attention() {
  const m = sm.value;
  const names = useNames();
  const [list, setList] = useState<TicketSummary[] | 'loading' | 'error'>('loading');
  const [outcome, setOutcome] = useState<{ text: string; tone: 'ok' | 'warning' } | undefined>();
  const [running, setRunning] = useState<string | undefined>();
  const load = () =>
    api.listAttention({ query: { limit: 100 } }).then(
      (page) => setList(page.items),
      () => setList('error'),
    );
  useEffect(() => void load(), []);

  async function rerun(x: TicketSummary) {
    setRunning(x.id);
    setOutcome({ text: m.rerunning, tone: 'ok' });
    try {
      await api.rerunWorkflow({ params: { id: x.id } });
      const end = await follow(x.id, (tk) => tk.status === 'closed' || tk.attention !== undefined);
      setOutcome(end.done && end.ticket.status === 'closed' ? { text: m.rerunDone(x.number), tone: 'ok' } : { text: m.rerunStarted(x.number), tone: 'warning' });
    } catch (err) {
      setOutcome({ text: err instanceof ApiError && err.status === 409 ? m.rerunRefused(x.number) : (problemErrors(err, {}).general ?? m.rerunRefused(x.number)), tone: 'warning' });
    } finally {
      setRunning(undefined);
      void load();
    }
  }

  return (
    <>
      <p class="muted">{m.attentionIntro}</p>
      <Outcome text={outcome?.text} tone={outcome?.tone ?? 'ok'} />
      {list === 'loading' ? (
        <Loading />
      ) : list === 'error' ? (
        <Failed onRetry={() => (setList('loading'), void load())} />
      ) : list.length === 0 ? (
        <p>{m.noAttention}</p>
      ) : (
        <div class="table-wrap">
          <table class="attention-table">
            <thead>
              <tr>
                <th scope="col">{m.colTicket}</th>
                <th scope="col">{m.colCustomer}</th>
                <th scope="col">{m.colWhy}</th>
                <th scope="col">{m.colStatus}</th>
                <th scope="col">{m.colAction}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    <TicketLink ticket={x} />
                    <span class="attention-subject">{x.subject}</span>
                  </th>
                  <td data-label={m.colCustomer}>{names.get(x.customerId) ?? x.customerId}</td>
                  <td data-label={m.colWhy}>
                    {x.attention?.reason === 'overdue' ? m.attentionOverdue : m.attentionFailed}
                    <span class="muted attention-when">{m.flaggedAt(dateTime(x.attention!.at))}</span>
                  </td>
                  <td data-label={m.colStatus}>
                    <StatusBadge status={x.status} />
                  </td>
                  <td>
                    {canRerun(x) ? (
                      <button type="button" class="button-secondary" disabled={running !== undefined} aria-label={`${m.rerun} ${x.number}`} onClick={() => void rerun(x)}>
                        {m.rerun}
                      </button>
                    ) : (
                      <a href={consoleHref('tickets', [x.id])} aria-label={`${m.openTicket} ${x.number}`}>
                        {m.openTicket}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
