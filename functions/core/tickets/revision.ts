import type { Caller } from '../accounts/caller';
import { DomainError } from '../errors';
import type { TicketStore } from '../ports';
import { shownTo } from './views';
import { TICKET_HISTORY_LIMIT, type Message, type Note, type Ticket, type TicketStatus, type Worklog } from './tickets';

/**
 * Collisions (issue 12, item 4): a staff write that sends the ticket's `revision` as the writer saw it is
 * refused when the ticket moved since — a 409 whose `changes` says what it is now and what was written
 * since (each history item carries the revision its write made), so the console shows it instead of
 * overwriting. A write without a revision applies to the ticket as it is (the customers' portal).
 */
export interface TicketChanges {
  revision: number;
  status: TicketStatus;
  messages: Message[];
  worklogs: Worklog[];
  /** Staff only: a customer's 409 never names a note. */
  notes?: Note[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What was written since `seen`, from the latest history of each kind (oldest first). */
export async function changesSince(deps: { tickets: Pick<TicketStore, 'historyPage'> }, caller: Caller, ticket: Ticket, seen: number): Promise<TicketChanges> {
  const staff = caller.role !== 'customer';
  const newer = <T extends { revision?: number; at: string }>(items: T[]) =>
    items
      .filter((i) => (i.revision ?? 0) > seen)
      .sort((a, b) => (a.at < b.at ? -1 : 1))
      .map((i) => shownTo(caller, i));
  const page = { limit: TICKET_HISTORY_LIMIT };
  const [messages, worklogs, notes] = await Promise.all([
    deps.tickets.historyPage(ticket.id, 'messages', page),
    deps.tickets.historyPage(ticket.id, 'worklogs', page),
    staff ? deps.tickets.historyPage(ticket.id, 'notes', page) : Promise.resolve(undefined),
  ]);
  return {
    revision: ticket.revision,
    status: ticket.status,
    messages: newer(messages.items),
    worklogs: newer(worklogs.items),
    ...(notes ? { notes: newer(notes.items) } : {}),
  };
}

/** The 409 of a stale revision, naming what changed in its detail and carrying `changes`. */
export async function staleRevision(deps: { tickets: Pick<TicketStore, 'historyPage'> }, caller: Caller, ticket: Ticket, seen: number): Promise<DomainError> {
  const changes = await changesSince(deps, caller, ticket, seen);
  const written = [
    changes.messages.length ? plural(changes.messages.length, 'message', 'messages') : '',
    changes.notes?.length ? plural(changes.notes.length, 'internal note', 'internal notes') : '',
    changes.worklogs.length ? plural(changes.worklogs.length, 'time log', 'time logs') : '',
  ].filter(Boolean);
  const detail =
    `ticket ${ticket.number} changed since revision ${seen}: it is now at revision ${ticket.revision}, status ${ticket.status}` +
    (written.length ? `; written since: ${written.join(', ')}` : '') +
    `. Nothing was written: review the changes and send again with revision ${ticket.revision}`;
  return new DomainError('conflict', detail, [{ path: 'revision', message: `is ${ticket.revision} now, not ${seen}` }], { changes });
}

/** Refuses the write (409 with `changes`) when the writer sent a revision the ticket no longer has. */
export async function assertRevision(deps: { tickets: Pick<TicketStore, 'historyPage'> }, caller: Caller, ticket: Ticket, seen: number | undefined): Promise<void> {
  if (seen === undefined || seen === ticket.revision) return;
  throw await staleRevision(deps, caller, ticket, seen);
}
