import type { Worklog, Message, Ticket, TicketView, TicketSummary } from './tickets';

/** What clients see of a ticket: its summary (lists, workflow routes) and its view (with history). */
/**
 * The public fields, listed rather than "everything but the internals", so that nothing the store or
 * the workflow adds to the record reaches a client unless it is named here.
 */
export function ticketSummary(t: Ticket): TicketSummary {
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
  };
}

export function ticketView(ticket: Ticket, worklogs: readonly Worklog[], messages: readonly Message[], cursors: { worklogsNextCursor?: string; messagesNextCursor?: string } = {}): TicketView {
  const byTime = <T extends { at: string; id: string }>(a: T, b: T) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1);
  return {
    ...ticketSummary(ticket),
    worklogs: [...worklogs].sort(byTime),
    messages: [...messages].sort(byTime),
    ...(cursors.worklogsNextCursor ? { worklogsNextCursor: cursors.worklogsNextCursor } : {}),
    ...(cursors.messagesNextCursor ? { messagesNextCursor: cursors.messagesNextCursor } : {}),
  };
}
