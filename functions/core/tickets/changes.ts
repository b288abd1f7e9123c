import type { TicketStatus } from '#contracts/vocabulary';
import type { Caller } from '../accounts/caller';
import { conflict } from '../errors';
import type { Ticket } from './tickets';

/** What a message or a worklog changes on its ticket (`tickets.ts` states the guarantees). */
/** The change one message or worklog makes to its ticket, beyond appending itself. */
export interface TicketChange {
  /** The status the change was decided on; the store writes only if it still holds. */
  expectedStatus: TicketStatus;
  /** The revision the writer saw (a staff write that sent one): the store writes only if it still holds. */
  expectedRevision?: number;
  status?: TicketStatus;
  firstResponseAt?: string;
  addMinutes?: number;
}

function assertOpenForWork(ticket: Ticket, what: string): void {
  if (ticket.status === 'closed') throw conflict(`ticket ${ticket.number} is closed: no more ${what} can be added`);
}

/** The first staff action moves an open ticket to `in_progress` and stamps the first response. */
function staffAction(ticket: Ticket, now: Date): Pick<TicketChange, 'status' | 'firstResponseAt'> {
  return ticket.status === 'open' ? { status: 'in_progress', firstResponseAt: now.toISOString() } : {};
}

export function messageChange(ticket: Ticket, caller: Caller, now: Date): TicketChange {
  assertOpenForWork(ticket, 'messages');
  return { expectedStatus: ticket.status, ...(caller.role === 'customer' ? {} : staffAction(ticket, now)) };
}

/** The statuses in which time may be logged: before a resolution is recorded. */
export const WORK_STATUSES: readonly TicketStatus[] = ['open', 'in_progress'];

export function worklogChange(ticket: Ticket, minutes: number, now: Date): TicketChange {
  if (!Number.isSafeInteger(minutes) || minutes < 1) throw new Error(`worklog minutes must be a positive integer, got ${minutes}`);
  if (!WORK_STATUSES.includes(ticket.status)) {
    throw conflict(
      `ticket ${ticket.number} is ${ticket.status}: its time closed with its resolution${ticket.resolvedAt ? ` at ${ticket.resolvedAt}` : ''}, so no more time can be logged on it; log the work on a new ticket`,
    );
  }
  return { expectedStatus: ticket.status, ...staffAction(ticket, now), addMinutes: minutes };
}
