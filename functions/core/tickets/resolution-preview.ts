import { attribute, type RootCause, type TicketClassification } from './attribution';
import { billableMinutes } from '../billing/billing';
import type { Caller } from '../accounts/caller';
import { conflict, notFound } from '../errors';
import { coveringIncident } from '../incidents/incidents';
import { planSettle } from '../ledger/settle-plan';
import { type Charge } from '../ledger/ledger';
import type { AccountStore, IncidentStore, LedgerStore, TicketStore } from '../ports';
import type { BillingSettings } from '../billing/settings';
import { findVisibleTicket } from './lookup';
import { WORK_STATUSES } from './changes';
import { assertRevision } from './revision';

/**
 * The resolution preview (issue 12, item 3): what `POST /tickets/{id}/resolution` would lead to if the
 * workflow ran now, computed by the very functions its steps call — Diagnose's `coveringIncident`,
 * Attribute's `attribute`, Settle's `billableMinutes` and the ledger's `planSettle` on the account's
 * buckets and the ticket's settlement as they are — and writing nothing. What the technician sees is what
 * the workflow records, unless the worklogs or the account's buckets change in between (a grant, a
 * purchase, another ticket settling first).
 */
export interface PreviewDeps {
  tickets: Pick<TicketStore, 'get' | 'idByNumber' | 'worklogs' | 'historyPage'>;
  incidents: Pick<IncidentStore, 'recordsFor'>;
  ledger: Pick<LedgerStore, 'buckets' | 'settlement'>;
  accounts: Pick<AccountStore, 'getCustomer'>;
  settings: () => Promise<BillingSettings>;
  now: () => Date;
}

export interface ResolutionPreview {
  ticketId: string;
  revision: number;
  classification: TicketClassification;
  loggedMinutes: number;
  billableMinutes: number;
  charges: Charge[];
  consuntivoAmountCents: number;
  hourlyRateCents: number;
  billingIncrementMinutes: number;
  onSiteMinimumMinutes: number;
}

export async function previewResolution(deps: PreviewDeps, caller: Caller, rawId: string, input: { rootCause: RootCause; summary: string; revision?: number }): Promise<ResolutionPreview> {
  const ticket = await findVisibleTicket(deps, caller, rawId);
  await assertRevision(deps, caller, ticket, input.revision);
  if (!WORK_STATUSES.includes(ticket.status)) throw conflict(`ticket ${ticket.number} is ${ticket.status}: its resolution is already recorded`);
  // Diagnose: the incident that covered the account when the ticket was opened.
  const opened = new Date(ticket.createdAt);
  const incidentId = ticket.incidentId ?? coveringIncident(await deps.incidents.recordsFor(ticket.customerId, opened), opened);
  // Attribute.
  const classification = attribute({ category: ticket.category, rootCause: input.rootCause, incidentAtOpening: incidentId !== undefined, contestAccepted: ticket.contest?.status === 'accepted' });
  // Settle: the billing policy on the worklogs, then the ledger's plan on the buckets as they are.
  const [worklogs, settings, buckets, settlement, customer] = await Promise.all([
    deps.tickets.worklogs(ticket.id),
    deps.settings(),
    deps.ledger.buckets(ticket.customerId),
    deps.ledger.settlement(ticket.customerId, ticket.id),
    deps.accounts.getCustomer(ticket.customerId),
  ]);
  if (!customer) throw notFound(`customer ${ticket.customerId}`);
  const target = classification.kind === 'billable' ? billableMinutes(worklogs, settings) : 0;
  const hourlyRateCents = buckets.find((b) => b.bucket === 'free')?.hourlyRateCents ?? customer.hourlyRateCents;
  const revision = Math.max(ticket.round, (settlement?.revision ?? 0) + 1);
  const { result } = planSettle({ customerId: ticket.customerId, ticketId: ticket.id, revision, targetMinutes: target, hourlyRateCents, at: deps.now() }, { buckets, settlement }, settings);
  return {
    ticketId: ticket.id,
    revision: ticket.revision,
    classification,
    loggedMinutes: worklogs.reduce((s, w) => s + w.minutes, 0),
    billableMinutes: target,
    charges: result.charges,
    consuntivoAmountCents: result.entries.reduce((s, e) => s + (e.amountCents ?? 0), 0),
    hourlyRateCents,
    billingIncrementMinutes: settings.billingIncrementMinutes,
    onSiteMinimumMinutes: settings.onSiteMinimumMinutes,
  };
}
