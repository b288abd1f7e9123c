import { QUEUE_SLA_STATES, QUEUE_STATUSES, type CategoryId, type QueueSlaState, type QueueStatus } from '#contracts/vocabulary';
import { invalid } from '../errors';
import type { Ticket, TicketSummary } from './tickets';
import { ticketSummary } from './views';
import { openClockState } from './sla';

/**
 * The technicians' queue: every ticket still to be worked (`open`, `in_progress`) across accounts, most
 * urgent first. A ticket's place is the clock it races now (`queueClock` in `sla.ts`): its first-response
 * due instant until the first staff answer, then its resolution due instant; resolution takes it out.
 *
 * Order: due instant ascending, then ticket id (`<dueAt>#<ticket id>`, the index's sort key): breached
 * tickets first (longest overdue first), then at risk, then running. States are computed at read time
 * from the instants, so no write is needed when a clock turns at risk or breached.
 */
export interface QueueEntry {
  ticketId: string;
  dueAt: string;
  atRiskAt: string;
  status: QueueStatus;
  customerId: string;
  category: CategoryId;
}

/**
 * The index the queue reads: every entry (small: keys and four short attributes), then in one read the
 * full tickets of a page and the names of as many accounts as fit (`ROW_READ_KEYS` keys in all).
 */
export interface QueueIndex {
  entries(): Promise<QueueEntry[]>;
  rows(ticketIds: readonly string[], customerIds: readonly string[]): Promise<{ tickets: Ticket[]; accountNames: Map<string, string> }>;
  /** Removes an entry whose ticket has left the queue. */
  dropEntry(dueAt: string, ticketId: string): Promise<void>;
}

/** What one read of rows takes (DynamoDB's BatchGetItem takes at most 100 keys). */
export const ROW_READ_KEYS = 100;

export interface QueueQuery {
  status?: QueueStatus;
  customerId?: string;
  category?: CategoryId;
  sla?: QueueSlaState;
  limit: number;
  /** The position of the last ticket of the previous page (`<dueAt>#<ticket id>`). */
  after?: string;
}

export interface QueueCounts {
  /** Tickets matching every filter. */
  total: number;
  /** Per SLA state, with every filter but the SLA state. */
  sla: Record<QueueSlaState, number>;
  /** Per status, with every filter but the status. */
  status: Record<QueueStatus, number>;
}

export type QueueItem = TicketSummary & { queue: { dueAt: string; slaState: QueueSlaState } };

/** An account with tickets in the queue: its name when it was read, and how many, with every filter but the account. */
export interface QueueAccount {
  id: string;
  name?: string;
  count: number;
}

export interface QueuePage {
  items: QueueItem[];
  counts: QueueCounts;
  /** Most tickets first; the page's accounts always carry their names. */
  accounts: QueueAccount[];
  /** Where the next page starts, when there is one. */
  next?: string;
}

export const queuePosition = (e: Pick<QueueEntry, 'dueAt' | 'ticketId'>): string => `${e.dueAt}#${e.ticketId}`;
const POSITION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#t_[0-9A-Z]{26}$/;

/**
 * One page of the queue with its counts. Filters apply to the entries (exact: every entry is known);
 * the page is the next `limit` entries after `after`, and only their tickets are read in full. A ticket
 * whose clock moved meanwhile (first answered: its resolution clock is later) may show again further on.
 */
export async function listQueue(deps: { queue: QueueIndex; now: () => Date }, query: QueueQuery): Promise<QueuePage> {
  if (query.after !== undefined && !POSITION.test(query.after)) throw invalid('cursor is not valid for this list', [{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  const now = deps.now();
  const entries = (await deps.queue.entries()).map((e) => ({ ...e, position: queuePosition(e), state: openClockState(new Date(e.dueAt), new Date(e.atRiskAt), now) }));
  entries.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const but = (skip: 'status' | 'sla' | 'account' | 'none') => (e: (typeof entries)[number]) =>
    (skip === 'status' || !query.status || e.status === query.status) &&
    (skip === 'sla' || !query.sla || e.state === query.sla) &&
    (skip === 'account' || !query.customerId || e.customerId === query.customerId) &&
    (!query.category || e.category === query.category);
  const matching = entries.filter(but('none'));
  const counts: QueueCounts = {
    total: matching.length,
    sla: Object.fromEntries(QUEUE_SLA_STATES.map((s) => [s, 0])) as Record<QueueSlaState, number>,
    status: Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as Record<QueueStatus, number>,
  };
  for (const e of entries.filter(but('sla'))) counts.sla[e.state]++;
  for (const e of entries.filter(but('status'))) counts.status[e.status]++;
  const perAccount = new Map<string, number>();
  for (const e of entries.filter(but('account'))) perAccount.set(e.customerId, (perAccount.get(e.customerId) ?? 0) + 1);
  const accounts = [...perAccount].map(([id, count]) => ({ id, count })).sort((x, y) => y.count - x.count || (x.id < y.id ? -1 : 1));
  const rest = query.after === undefined ? matching : matching.filter((e) => e.position > query.after!);
  const slice = rest.slice(0, query.limit);
  const pageAccounts = [...new Set(slice.map((e) => e.customerId))];
  const named = [...pageAccounts, ...accounts.map((a) => a.id).filter((id) => !pageAccounts.includes(id))].slice(0, Math.max(pageAccounts.length, ROW_READ_KEYS - slice.length));
  const rows = await deps.queue.rows(slice.map((e) => e.ticketId), named);
  const found = new Map(rows.tickets.map((t) => [t.id, t]));
  const items: QueueItem[] = [];
  for (const e of slice) {
    const ticket = found.get(e.ticketId);
    // Resolved between the two reads, or an entry its resolution failed to delete: it has left the queue.
    if (!ticket || (ticket.status !== 'open' && ticket.status !== 'in_progress')) {
      if (ticket) await deps.queue.dropEntry(e.dueAt, e.ticketId);
      continue;
    }
    items.push({ ...ticketSummary(ticket, now), queue: { dueAt: e.dueAt, slaState: e.state } });
  }
  return {
    items,
    counts,
    accounts: accounts.map((a) => (rows.accountNames.has(a.id) ? { ...a, name: rows.accountNames.get(a.id)! } : a)),
    ...(rest.length > slice.length ? { next: slice.at(-1)!.position } : {}),
  };
}
