import type { Caller } from '../accounts/caller';
import { ticketSlaView } from './sla';
import type { Worklog, Message, Note, Ticket, TicketView, TicketSummary } from './tickets';

/** What clients see of a ticket: its summary (lists, workflow routes) and its view (with history). */
/**
 * The public fields, listed rather than "everything but the internals", so that nothing the store or
 * the workflow adds to the record reaches a client unless it is named here.
 */
export function ticketSummary(t: Ticket, now: Date = new Date()): TicketSummary {
  const sla = ticketSlaView(t, now);
  return {
    id: t.id,
    number: t.number,
    customerId: t.customerId,
    category: t.category,
    subject: t.subject,
    description: t.description,
    onSite: t.onSite,
    status: t.status,
    expectedClassification: t.expectedClassification,
    ...(t.classification ? { classification: t.classification } : {}),
    ...(t.rootCause ? { rootCause: t.rootCause } : {}),
    loggedMinutes: t.loggedMinutes,
    billableMinutes: t.billableMinutes,
    charges: t.charges,
    createdAt: t.createdAt,
    ...(t.firstResponseAt ? { firstResponseAt: t.firstResponseAt } : {}),
    ...(t.resolvedAt ? { resolvedAt: t.resolvedAt } : {}),
    ...(t.closedAt ? { closedAt: t.closedAt } : {}),
    ...(t.incidentId ? { incidentId: t.incidentId } : {}),
    openedBy: t.openedBy,
    ...(t.contest ? { contest: t.contest } : {}),
    // Whether a supervisor has to look, not the internals of why.
    ...(t.attention ? { attention: { reason: t.attention.reason, at: t.attention.at } } : {}),
    ...(t.consuntivoConsent ? { consuntivoConsent: t.consuntivoConsent } : {}),
    ...(t.reclassification ? { reclassification: t.reclassification } : {}),
    // The SLA clocks at the time of the answer (`tickets/sla.ts`).
    ...(sla ? { sla } : {}),
  };
}

/**
 * The ticket's revision, for staff only: it grows with internal notes too, so a customer's copy (and its
 * ETag) would change when nothing the customer sees did.
 */
export function revisionFor(caller: Caller, t: Ticket): { revision?: number } {
  return caller.role === 'customer' ? {} : { revision: t.revision };
}

export function ticketView(
  ticket: Ticket,
  worklogs: readonly Worklog[],
  messages: readonly Message[],
  cursors: { worklogsNextCursor?: string; messagesNextCursor?: string } = {},
  staff?: { notes: readonly Note[]; notesNextCursor?: string },
): TicketView {
  const byTime = <T extends { at: string; id: string }>(a: T, b: T) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1);
  return {
    ...ticketSummary(ticket),
    worklogs: [...worklogs].sort(byTime),
    messages: [...messages].sort(byTime),
    ...(cursors.worklogsNextCursor ? { worklogsNextCursor: cursors.worklogsNextCursor } : {}),
    ...(cursors.messagesNextCursor ? { messagesNextCursor: cursors.messagesNextCursor } : {}),
    ...(staff ? { internalNotes: [...staff.notes].sort(byTime), ...(staff.notesNextCursor ? { notesNextCursor: staff.notesNextCursor } : {}) } : {}),
  };
}

/**
 * A history item as the caller may see it: staff get the revision its write made; a customer's copy carries
 * none (revisions also grow with internal notes, so their gaps would hint at what a customer never sees).
 */
export function shownTo<T extends { revision?: number }>(caller: Caller, item: T): T {
  if (caller.role !== 'customer' || item.revision === undefined) return item;
  const { revision: _hidden, ...rest } = item;
  return rest as T;
}
