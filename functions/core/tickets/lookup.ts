import type { Caller } from '../accounts/caller';
import { notFound } from '../errors';
import type { TicketStore } from '../ports';
import type { Ticket } from './tickets';

/** Finding the ticket a path's `{id}` names (an id or a number), and whether the caller may see it: the one place that does. */

const TICKET_ID = /^t_[0-9A-HJKMNP-TV-Z]{26}$/;
const TICKET_NUMBER = /^T-\d{4}-\d{6,12}$/;

/**
 * What a path's `{id}` names: a ticket id, a ticket number, or nothing that can exist (a 404, never a
 * 400, and never a malformed key sent to the database).
 */
export function ticketRef(raw: string): { id: string } | { number: string } {
  if (TICKET_ID.test(raw)) return { id: raw };
  if (TICKET_NUMBER.test(raw)) return { number: raw };
  throw notFound(`ticket ${raw.slice(0, 64)}`);
}

/** Whether the caller may see the ticket at all. Another account's ticket is reported as not found. */
export function assertVisible(ticket: Ticket | undefined, caller: Caller, ref: string): Ticket {
  if (!ticket || (caller.role === 'customer' && ticket.customerId !== caller.customerId)) throw notFound(`ticket ${ref}`);
  return ticket;
}

/** The id of the ticket a path's `{id}` names: an id as it is, a number through the store (undefined: no such number). */
export async function ticketIdOf(deps: { tickets: Pick<TicketStore, 'idByNumber'> }, rawId: string): Promise<string | undefined> {
  const ref = ticketRef(rawId);
  return 'id' in ref ? ref.id : deps.tickets.idByNumber(ref.number);
}

/** The ticket a path's `{id}` names, if the caller may see it; otherwise not found. */
export async function findVisibleTicket(deps: { tickets: Pick<TicketStore, 'get' | 'idByNumber'> }, caller: Caller, rawId: string): Promise<Ticket> {
  const id = await ticketIdOf(deps, rawId);
  return assertVisible(id ? await deps.tickets.get(id) : undefined, caller, rawId);
}
