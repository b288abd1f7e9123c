import { billableMinutes, type BillableWork } from '../billing/billing';
import type { Drift } from '../ledger/reconcile';
import type { BillingSettings } from '../billing/settings';
import type { Ticket } from './tickets';

/**
 * The ticket half of reconcile: for every closed ticket, logged → billable → charged must agree.
 *
 *   T1 logged    t.loggedMinutes = Σ_{w∈W(t)} w.minutes
 *   T2 billable  t.billableMinutes = billableMinutes(W(t), policy(t)) when t is classified billable, 0 when
 *                included; policy(t) is the billing policy its settlement used (recorded on the ticket)
 *   T3 charges   Σ_{c∈t.charges} c.minutes = t.billableMinutes
 *   T4 charged   Σ_{e∈T(t)} −e.minutes = t.billableMinutes   (its ledger entries, ledger.ts's T(t))
 *
 * A closed ticket without a classification is drift too. These hold because time is refused once the
 * resolution is recorded (`tickets.ts`) and the settle that follows reads every worklog; reconcile is
 * the check that they still do.
 */
export type TicketPolicy = Pick<BillingSettings, 'billingIncrementMinutes' | 'onSiteMinimumMinutes'>;

export function reconcileTicket(ticket: Ticket, worklogs: readonly BillableWork[], chargedMinutes: number, current: TicketPolicy): Drift[] {
  const drift: Drift[] = [];
  const what = (field: string) => `ticket ${ticket.number} (${ticket.id}) ${field}`;
  const diff = (field: string, stored: number, fromEntries: number) => {
    if (stored !== fromEntries) drift.push({ customerId: ticket.customerId, what: what(field), stored, fromEntries });
  };
  diff('loggedMinutes = Σ worklogs', ticket.loggedMinutes, worklogs.reduce((s, w) => s + w.minutes, 0));
  if (!ticket.classification) {
    drift.push({ customerId: ticket.customerId, what: what('is closed without a classification'), stored: ticket.billableMinutes, fromEntries: chargedMinutes });
  } else {
    const policy = ticket.billingPolicy ?? current;
    diff('billableMinutes = policy(worklogs)', ticket.billableMinutes, ticket.classification.kind === 'billable' ? billableMinutes(worklogs, policy) : 0);
  }
  diff('Σ charges = billableMinutes', ticket.charges.reduce((s, c) => s + c.minutes, 0), ticket.billableMinutes);
  diff('charged in the ledger = billableMinutes', chargedMinutes, ticket.billableMinutes);
  return drift;
}

/** What the ticket half of reconcile reads (never on a request path). */
export interface TicketAudit {
  /** Every ticket listed as closed, a page at a time (a paged Query of the status index, not a Scan). */
  closedTickets(): AsyncIterable<Ticket[]>;
  get(id: string): Promise<Ticket | undefined>;
  worklogs(id: string): Promise<BillableWork[]>;
}
