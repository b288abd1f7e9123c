import { useMemo, useRef, useState } from 'preact/hooks';
import type { Category, Ticket, TicketContext } from '#contracts/responses';
import { api, ApiError, listCategories } from '../../../api/client';
import { pollTicket } from '../../../api/tickets-write';
import { StatusBadge } from '../../../components/badges';
import { statusLabel } from '../../../components/labels';
import { useLive } from '../../../components/live';
import { useLoad } from '../../../components/load';
import { Failed, Loading, Page } from '../../../components/page';
import { dateTime, duration, lang, money, t } from '../../../i18n/index';
import { NotFound } from '../../errors/errors';
import { consoleHref, type AreaProps } from '../areas';
import { neighbour } from '../queue-order';
import { useShortcuts } from '../shortcuts';
import { Figures, ResolutionForm, TextForm, WorklogForm, type Changes } from './forms';
import { tm } from './i18n';

/**
 * The ticket workspace (`#/console/tickets/<number>`, technicians and supervisors): the ticket's header,
 * the thread (customer messages, staff replies and internal notes, the notes marked as such), reply, note,
 * time with a timer, the resolution after its preview, and beside it the account's hours, rate and open
 * incidents. Live like the customer's page (conditional GETs). Every write carries the revision shown; when
 * the ticket moved meanwhile, the 409's changes are listed and highlighted, and what was typed stays.
 * Keys: j/k next/previous in the saved queue order, r reply, n note, w time, x resolution.
 */
let categoriesCache: Promise<Category[]> | undefined;

type ThreadItem = { id: string; at: string; by: string; body: string; kind: 'customer' | 'staff' | 'note' };

function Thread(props: { ticket: Ticket; fresh: ReadonlySet<string> }) {
  const m = tm.value;
  const items: ThreadItem[] = [
    ...props.ticket.messages.map((x) => ({ id: x.id, at: x.at, by: x.by, body: x.body, kind: x.author })),
    ...(props.ticket.internalNotes ?? []).map((x) => ({ id: x.id, at: x.at, by: x.by, body: x.body, kind: 'note' as const })),
  ].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
  return (
    <section aria-labelledby="thread-title" class="card">
      <h2 id="thread-title">{m.thread}</h2>
      <h3 class="ws-request-title">{m.description}</h3>
      <p class="message-body">{props.ticket.description}</p>
      {items.length === 0 ? (
        <p class="muted">{m.threadEmpty}</p>
      ) : (
        <ol class="thread">
          {items.map((x) => (
            <li key={x.id} class={`message message-${x.kind === 'note' ? 'note' : x.kind}${props.fresh.has(x.id) ? ' ws-fresh' : ''}`} data-kind={x.kind}>
              <p class="message-meta">
                {x.kind === 'note' && <span class="badge badge-note">{m.internalNote}</span>} <strong>{x.kind === 'customer' ? m.fromCustomer : x.kind === 'staff' ? m.fromStaff : ''}</strong> {x.by} ·{' '}
                <time dateTime={x.at}>{dateTime(x.at)}</time>
                {props.fresh.has(x.id) && <span class="badge badge-fresh">{m.newBadge}</span>}
              </p>
              <p class="message-body">{x.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Worklogs(props: { ticket: Ticket; fresh: ReadonlySet<string> }) {
  const m = tm.value;
  if (props.ticket.worklogs.length === 0) return <p class="muted">{m.noWorklogs}</p>;
  return (
    <ul class="plain ws-worklogs">
      {props.ticket.worklogs.map((w) => (
        <li key={w.id} class={props.fresh.has(w.id) ? 'ws-fresh' : undefined}>
          <p class="message-meta">
            <time dateTime={w.at}>{dateTime(w.at)}</time> · {w.by} · {w.kind === 'onsite' ? m.onsite : m.remote}
            {props.fresh.has(w.id) && <span class="badge badge-fresh">{m.newBadge}</span>}
          </p>
          <p>
            <strong>{duration(w.minutes)}</strong> — {w.note}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Context(props: { context: TicketContext | undefined; failed: boolean }) {
  const m = tm.value;
  const c = props.context;
  return (
    <aside aria-labelledby="context-title" class="card ws-context">
      <h2 id="context-title">{m.contextTitle}</h2>
      {!c ? (
        props.failed ? <Failed /> : <Loading />
      ) : (
        <dl class="ws-context-list" data-testid="context">
          <div>
            <dt>{m.account}</dt>
            <dd>{c.customer.name}</dd>
          </div>
          <div>
            <dt>{m.free}</dt>
            <dd>{m.ofMinutes(duration(c.balance.freeMinutesRemaining), duration(c.balance.freeMinutesGranted))}</dd>
          </div>
          <div>
            <dt>{m.packages}</dt>
            <dd>{duration(c.balance.packageMinutesRemaining)}</dd>
          </div>
          <div>
            <dt>{m.consuntivo}</dt>
            <dd>
              {duration(c.balance.consuntivoMinutesThisPeriod)} · {money(c.balance.consuntivoAmountCentsThisPeriod)}
            </dd>
          </div>
          <div>
            <dt>{m.rate}</dt>
            <dd>{money(c.customer.hourlyRateCents)}</dd>
          </div>
          <div>
            <dt>{m.openIncidents}</dt>
            <dd>
              {c.openIncidents.length === 0 ? (
                m.noIncidents
              ) : (
                <ul class="plain">
                  {c.openIncidents.map((i) => (
                    <li key={i.id}>
                      {i.title} · <time dateTime={i.startedAt}>{dateTime(i.startedAt)}</time>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      )}
    </aside>
  );
}

function ConflictNotice(props: { changes: Changes }) {
  const m = tm.value;
  const c = props.changes;
  const lines = [
    m.conflictStatus(statusLabel(t.value, c.status)),
    c.messages.length ? m.conflictMessages(c.messages.length) : '',
    c.notes?.length ? m.conflictNotes(c.notes.length) : '',
    c.worklogs.length ? m.conflictWorklogs(c.worklogs.length) : '',
  ].filter(Boolean);
  return (
    <div class="banner banner-warning ws-conflict" role="alert" tabIndex={-1} id="ws-conflict">
      <h2>{m.conflictTitle}</h2>
      <p>{m.conflictIntro(c.revision)}</p>
      <ul>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <p>{m.conflictReview}</p>
    </div>
  );
}

function Outcome(props: { ticket: Ticket; hourlyRateCents: number | undefined }) {
  const m = tm.value;
  const tk = props.ticket;
  if (tk.status === 'open' || tk.status === 'in_progress') return null;
  return (
    <section aria-labelledby="outcome-title" class="card">
      <h2 id="outcome-title">{m.outcomeTitle}</h2>
      {tk.classification && tk.status !== 'resolved' ? (
        <Figures classification={tk.classification} loggedMinutes={tk.loggedMinutes} billableMinutes={tk.billableMinutes} charges={tk.charges} hourlyRateCents={props.hourlyRateCents} testId="outcome" />
      ) : (
        <p role="status">
          {m.resolvedAlready} {m.waitingWorkflow}
        </p>
      )}
    </section>
  );
}

const focus = (id: string) => {
  const el = document.getElementById(id);
  el?.scrollIntoView({ block: 'center' });
  el?.focus();
};

function Workspace(props: { id: string }) {
  const m = tm.value;
  const [data, refresh] = useLive((etag) => pollTicket(props.id, etag), `console-ticket:${props.id}`);
  const [contextKey, setContextKey] = useState(0);
  const context = useLoad(() => api.getTicketContext({ params: { id: props.id } }), `console-context:${props.id}:${contextKey}`);
  const cats = useLoad(() => (categoriesCache ??= listCategories().catch((e: unknown) => ((categoriesCache = undefined), Promise.reject(e)))), 'categories');
  const [changes, setChanges] = useState<Changes | undefined>();
  // The account's figures stay on screen while they are read again after a write.
  const lastContext = useRef<TicketContext | undefined>(undefined);
  if (context.state === 'ok') lastContext.current = context.data;
  const fresh = useMemo(() => new Set([...(changes?.messages ?? []), ...(changes?.notes ?? []), ...(changes?.worklogs ?? [])].map((x) => x.id)), [changes]);
  const number = data.state === 'ok' ? data.data.number : props.id;
  const go = (step: 1 | -1) => {
    const next = neighbour(number, step);
    if (next) location.hash = consoleHref('tickets', [next]);
  };
  useShortcuts([
    { key: 'j', label: m.keyNext, run: () => go(1) },
    { key: 'k', label: m.keyPrev, run: () => go(-1) },
    { key: 'r', label: m.keyReply, run: () => focus('reply') },
    { key: 'n', label: m.keyNote, run: () => focus('note') },
    { key: 'w', label: m.keyWorklog, run: () => focus('minutes') },
    { key: 'x', label: m.keyResolve, run: () => focus('rootCause') },
  ]);

  if (data.state === 'error' && data.error instanceof ApiError && (data.error.status === 404 || data.error.status === 400)) {
    return <NotFound title={m.notFound} back={{ href: consoleHref('queue'), label: m.backToQueue }} />;
  }
  if (data.state !== 'ok') return <Page title={m.title(props.id)}>{data.state === 'error' ? <Failed onRetry={() => location.reload()} /> : <Loading />}</Page>;
  const ticket = data.data;
  const category = cats.state === 'ok' ? (cats.data.find((c) => c.id === ticket.category)?.label[lang.value] ?? ticket.category) : ticket.category;
  const onDone = async (found?: Changes) => {
    setChanges(found);
    await refresh();
    setContextKey((k) => k + 1);
    if (found) setTimeout(() => document.getElementById('ws-conflict')?.focus());
  };
  const write = { ticket, onDone };
  return (
    <Page title={m.title(ticket.number)}>
      <p>
        <a href={consoleHref('queue')}>← {m.backToQueue}</a>
      </p>
      <section aria-labelledby="ws-subject" class="card ws-header">
        <h2 id="ws-subject">{ticket.subject}</h2>
        <dl class="facts">
          <div>
            <dt>{m.account}</dt>
            <dd>{lastContext.current?.customer.name ?? ticket.customerId}</dd>
          </div>
          <div>
            <dt>{t.value.category}</dt>
            <dd>{category}</dd>
          </div>
          <div>
            <dt>{t.value.status}</dt>
            <dd>
              <StatusBadge status={ticket.status} />
            </dd>
          </div>
          <div>
            <dt>{t.value.openedOn}</dt>
            <dd>
              <time dateTime={ticket.createdAt}>{dateTime(ticket.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t.value.onSite}</dt>
            <dd>{ticket.onSite ? t.value.yes : t.value.no}</dd>
          </div>
        </dl>
      </section>
      {changes && <ConflictNotice changes={changes} />}
      <div class="workspace">
        <div class="ws-main">
          <Outcome ticket={ticket} hourlyRateCents={lastContext.current?.customer.hourlyRateCents} />
          <Thread ticket={ticket} fresh={fresh} />
          <TextForm {...write} kind="reply" />
          <TextForm {...write} kind="note" />
          <WorklogForm {...write} />
          <section aria-labelledby="worklogs-title" class="card">
            <h2 id="worklogs-title">{m.worklogs}</h2>
            <Worklogs ticket={ticket} fresh={fresh} />
          </section>
          <ResolutionForm {...write} />
        </div>
        <Context context={lastContext.current} failed={context.state === 'error'} />
      </div>
    </Page>
  );
}

export default function TicketArea(props: AreaProps) {
  const id = props.path[0];
  if (!id) return <NotFound title={tm.value.notFound} back={{ href: consoleHref('queue'), label: tm.value.backToQueue }} />;
  return <Workspace key={id} id={id} />;
}
