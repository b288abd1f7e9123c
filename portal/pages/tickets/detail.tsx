import { useState } from 'preact/hooks';
import type { Category, Ticket } from '#contracts/responses';
import { ApiError, listCategories } from '../../api/client';
import { me } from '../../api/session';
import { contestTicket, pollTicket, postMessage } from '../../api/tickets-write';
import { KindBadge, StatusBadge } from '../../components/badges';
import { kindLabel, reasonLabel, ruleLabel } from '../../components/labels';
import { IncidentNote } from '../../components/incident-note';
import { clearDraft, ErrorSummary, Field, problemErrors, readDraft, saveDraft, type FieldErrors } from '../../components/form';
import { useLive } from '../../components/live';
import { useLoad } from '../../components/load';
import { Failed, Loading, Page } from '../../components/page';
import { date, dateTime, duration, lang, money, t } from '../../i18n/index';
import { href } from '../../router';
import { NotFound } from '../errors/errors';

/**
 * One ticket: what was asked, its times, how it was classified and why (the rule in plain words), the
 * minutes and where they were drawn from (euro for consuntivo), the work logged and the messages; a reply
 * form while the ticket is open, and the contest (once, with a reason) of a closed billable ticket, with
 * its outcome. The page is live: it polls with conditional GETs (`useLive`), so a staff reply, a status
 * change or a debit shows without a reload. Another account's ticket is a 404 from the API, shown exactly
 * like an unknown number.
 */
function Times(props: { ticket: Ticket }) {
  const m = t.value;
  const rows: [string, string | undefined][] = [
    [m.createdAt, props.ticket.createdAt],
    [m.firstResponseAt, props.ticket.firstResponseAt],
    [m.resolvedAt, props.ticket.resolvedAt],
    [m.closedAt, props.ticket.closedAt],
  ];
  return (
    <section aria-labelledby="times-title" class="card">
      <h2 id="times-title">{m.timesTitle}</h2>
      <dl class="facts">
        {rows.map(([label, at]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{at ? <time dateTime={at}>{dateTime(at)}</time> : <span class="muted">{m.notYet}</span>}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Classification(props: { ticket: Ticket }) {
  const m = t.value;
  const c = props.ticket.classification;
  return (
    <section aria-labelledby="class-title" class="card">
      <h2 id="class-title">{m.classificationTitle}</h2>
      {c ? (
        <dl class="facts">
          <div>
            <dt>{m.classificationCol}</dt>
            <dd>
              <KindBadge kind={c.kind} />
            </dd>
          </div>
          <div>
            <dt>{m.reasonLabel}</dt>
            <dd>{reasonLabel(m, c.reason)}</dd>
          </div>
          <div>
            <dt>{m.ruleLabel}</dt>
            <dd>{ruleLabel(m, c.rule)}</dd>
          </div>
        </dl>
      ) : (
        <p>
          <KindBadge kind={props.ticket.expectedClassification} expected /> {m.classificationPending(kindLabel(m, props.ticket.expectedClassification).toLowerCase())}
        </p>
      )}
      {props.ticket.incidentId && <IncidentNote incidentId={props.ticket.incidentId} />}
      {props.ticket.reclassification && (
        <p class="reclassified-note" role="note">
          {m.reclassifiedNote(dateTime(props.ticket.reclassification.at), props.ticket.reclassification.reason)}
        </p>
      )}
      {props.ticket.contest && (
        <div class="contest-outcome" role="note">
          <p>
            <strong>{m.contestTitle}: </strong>
            {props.ticket.contest.status === 'pending' ? m.contestPending : props.ticket.contest.status === 'accepted' ? m.contestAccepted : m.contestRejected}
          </p>
          <p class="message-body">{m.pages_contestReason(props.ticket.contest.reason)}</p>
          {props.ticket.contest.note && <p class="message-body">{m.pages_contestNote(props.ticket.contest.note)}</p>}
        </div>
      )}
    </section>
  );
}

/** Euro of consuntivo minutes: m·rate/60, halves away from zero (the ledger's rule). */
const amountCents = (minutes: number, rateCents: number) => Math.sign(minutes) * Math.floor((Math.abs(minutes) * rateCents + 30) / 60);

function Charges(props: { ticket: Ticket }) {
  const m = t.value;
  const rate = props.ticket.consuntivoConsent?.hourlyRateCents ?? me.value?.customer?.hourlyRateCents;
  const bucketName = (b: string) => (b === 'free' ? m.bucketFree : b === 'package' ? m.bucketPackage : m.bucketConsuntivo);
  return (
    <section aria-labelledby="charges-title" class="card">
      <h2 id="charges-title">{m.minutesTitle}</h2>
      <dl class="facts">
        <div>
          <dt>{m.loggedMinutes}</dt>
          <dd>{duration(props.ticket.loggedMinutes)}</dd>
        </div>
        <div>
          <dt>{m.billableMinutes}</dt>
          <dd>{duration(props.ticket.billableMinutes)}</dd>
        </div>
      </dl>
      <h3>{m.chargesTitle}</h3>
      {props.ticket.charges.length === 0 ? (
        <p class="muted">{m.noCharges}</p>
      ) : (
        <ul class="plain">
          {props.ticket.charges.map((c, i) => (
            <li key={i}>
              {bucketName(c.bucket)}: {duration(c.minutes)}
              {c.bucket === 'consuntivo' && rate !== undefined && <> · {m.pages_consuntivoAmount(money(amountCents(c.minutes, rate)))}</>}
            </li>
          ))}
        </ul>
      )}
      {props.ticket.consuntivoConsent && <p class="muted">{m.pages_consentRecorded(money(props.ticket.consuntivoConsent.hourlyRateCents), dateTime(props.ticket.consuntivoConsent.at))}</p>}
    </section>
  );
}

function Worklogs(props: { ticket: Ticket }) {
  const m = t.value;
  return (
    <section aria-labelledby="worklogs-title" class="card">
      <h2 id="worklogs-title">{m.worklogsTitle}</h2>
      {props.ticket.worklogs.length === 0 ? (
        <p class="muted">{m.noWorklogs}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{m.worklogsTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{m.when}</th>
                <th scope="col">{m.minutes}</th>
                <th scope="col">{m.kind}</th>
                <th scope="col">{m.note}</th>
              </tr>
            </thead>
            <tbody>
              {props.ticket.worklogs.map((w) => (
                <tr key={w.id}>
                  <td>
                    <time dateTime={w.at}>{dateTime(w.at)}</time>
                  </td>
                  <td>{duration(w.minutes)}</td>
                  <td>{w.kind === 'onsite' ? m.worklogOnsite : m.worklogRemote}</td>
                  <td>{w.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Messages(props: { ticket: Ticket }) {
  const m = t.value;
  return (
    <section aria-labelledby="messages-title" class="card">
      <h2 id="messages-title">{m.messagesTitle}</h2>
      {props.ticket.messages.length === 0 ? (
        <p class="muted">{m.noMessages}</p>
      ) : (
        <ol class="thread">
          {props.ticket.messages.map((msg) => (
            <li key={msg.id} class={`message message-${msg.author}`}>
              <p class="message-meta">
                <strong>{msg.author === 'customer' ? m.fromYou : m.fromStaff}</strong> · <time dateTime={msg.at}>{dateTime(msg.at)}</time>
              </p>
              <p class="message-body">{msg.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The reply form, while the ticket is not closed; its draft survives a sign-in again. */
function Reply(props: { ticket: Ticket; onSent: () => Promise<void> }) {
  const m = t.value;
  const draftKey = `reply:${props.ticket.id}`;
  const [body, setBody] = useState(() => readDraft<{ body: string }>(draftKey).body ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  if (props.ticket.status === 'closed') return <p class="muted">{m.pages_replyClosed}</p>;
  const input = (v: string) => (setBody(v), setSent(false), saveDraft(draftKey, { body: v }));
  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setGeneral(undefined);
    if (!body.trim() || body.length > 10_000) return (setErrors({ reply: m.pages_replyRequired }), setFocusKey((k) => k + 1));
    setErrors({});
    setBusy(true);
    try {
      await postMessage(props.ticket.id, body.trim());
      clearDraft(draftKey);
      setBody('');
      setSent(true);
      await props.onSent();
    } catch (err) {
      const mapped = problemErrors(err, { body: m.pages_replyRequired });
      setErrors(mapped.errors.body ? { reply: mapped.errors.body } : {});
      setGeneral(mapped.general);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="reply-title" class="card">
      <h2 id="reply-title">{m.pages_replyTitle}</h2>
      <ErrorSummary errors={errors} general={general} labels={{ reply: m.pages_replyLabel }} focusKey={focusKey} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <Field id="reply" label={m.pages_replyLabel} error={errors.reply}>
          {(a) => <textarea {...a} rows={4} value={body} onInput={(e) => input((e.currentTarget as HTMLTextAreaElement).value)} />}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? m.pages_sending : m.pages_replySend}
        </button>
        {sent && (
          <p role="status" class="muted">
            {m.pages_replySent}
          </p>
        )}
      </form>
    </section>
  );
}

/** Contest: once, on a closed billable ticket, with a reason; the outcome shows under the classification. */
function Contest(props: { ticket: Ticket; onSent: () => Promise<void> }) {
  const m = t.value;
  const draftKey = `contest:${props.ticket.id}`;
  const [open, setOpen] = useState(() => readDraft<{ reason: string }>(draftKey).reason !== undefined);
  const [reason, setReason] = useState(() => readDraft<{ reason: string }>(draftKey).reason ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const c = props.ticket;
  if (c.status !== 'closed' || c.classification?.kind !== 'billable' || c.contest) return null;
  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setGeneral(undefined);
    if (!reason.trim() || reason.length > 2_000) return (setErrors({ reason: m.pages_contestReasonRequired }), setFocusKey((k) => k + 1));
    setErrors({});
    setBusy(true);
    try {
      await contestTicket(c.id, reason.trim());
      clearDraft(draftKey);
      await props.onSent();
    } catch (err) {
      const mapped = problemErrors(err, { reason: m.pages_contestReasonRequired });
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="contest-title" class="card">
      <h2 id="contest-title">{m.pages_contestTitle}</h2>
      <p>{m.pages_contestIntro}</p>
      {!open ? (
        <button type="button" class="button-secondary" onClick={() => (setOpen(true), saveDraft(draftKey, { reason }), setTimeout(() => document.getElementById('reason')?.focus()))}>
          {m.pages_contestOpen}
        </button>
      ) : (
        <>
          <ErrorSummary errors={errors} general={general} labels={{ reason: m.pages_contestReasonLabel }} focusKey={focusKey} />
          <form class="form form-wide" onSubmit={submit} noValidate>
            <Field id="reason" label={m.pages_contestReasonLabel} hint={m.pages_contestReasonHint} error={errors.reason}>
              {(a) => <textarea {...a} rows={4} value={reason} onInput={(e) => (setReason((e.currentTarget as HTMLTextAreaElement).value), saveDraft(draftKey, { reason: (e.currentTarget as HTMLTextAreaElement).value }))} />}
            </Field>
            <div class="actions">
              <button type="submit" disabled={busy}>
                {busy ? m.pages_sending : m.pages_contestSend}
              </button>
              <button type="button" class="button-secondary" onClick={() => (setOpen(false), setErrors({}), clearDraft(draftKey))}>
                {m.pages_contestCancel}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

let categoriesCache: Promise<Category[]> | undefined;

export function TicketPage(props: { id: string }) {
  const m = t.value;
  const cats = useLoad(() => (categoriesCache ??= listCategories().catch((e: unknown) => ((categoriesCache = undefined), Promise.reject(e)))), 'categories');
  const [data, refresh] = useLive((etag) => pollTicket(props.id, etag), `ticket:${props.id}`);
  if (data.state === 'error' && data.error instanceof ApiError && (data.error.status === 404 || data.error.status === 400)) {
    return <NotFound title={m.ticketNotFoundTitle} body={m.ticketNotFoundBody} back={{ href: href('/tickets'), label: m.backToTickets }} />;
  }
  if (data.state !== 'ok' || cats.state !== 'ok') {
    const failed = data.state === 'error' || cats.state === 'error';
    return <Page title={m.ticketTitle(props.id)}>{failed ? <Failed onRetry={() => location.reload()} /> : <Loading />}</Page>;
  }
  const ticket = data.data;
  const categories: Category[] = cats.data;
  const category = categories.find((c) => c.id === ticket.category)?.label[lang.value] ?? ticket.category;
  return (
    <Page title={m.ticketTitle(ticket.number)}>
      <p>
        <a href={href('/tickets')}>← {m.backToTickets}</a>
      </p>
      <p class="muted live-note">{m.pages_liveNote}</p>
      <section aria-labelledby="about-title" class="card">
        <h2 id="about-title">{ticket.subject}</h2>
        <dl class="facts">
          <div>
            <dt>{m.status}</dt>
            <dd>
              <StatusBadge status={ticket.status} />
            </dd>
          </div>
          <div>
            <dt>{m.category}</dt>
            <dd>{category}</dd>
          </div>
          <div>
            <dt>{m.onSite}</dt>
            <dd>{ticket.onSite ? m.yes : m.no}</dd>
          </div>
          <div>
            <dt>{m.openedOn}</dt>
            <dd>{date(ticket.createdAt)}</dd>
          </div>
        </dl>
        <h3>{m.description}</h3>
        <p class="message-body">{ticket.description}</p>
      </section>
      <Classification ticket={ticket} />
      <Charges ticket={ticket} />
      <Times ticket={ticket} />
      <Worklogs ticket={ticket} />
      <Messages ticket={ticket} />
      <Reply ticket={ticket} onSent={refresh} />
      <Contest ticket={ticket} onSent={refresh} />
    </Page>
  );
}
