import type { Classification } from './categories';
import type { Customer } from '../accounts/accounts';
import { amountCents, billableMinutes } from '../billing/billing';
import type { Caller } from '../accounts/caller';
import { conflict, forbidden } from '../errors';
import { planSettle } from '../ledger/settle-plan';
import { type BucketState, type Charge, type TicketSettlement } from '../ledger/ledger';
import type { TicketStore } from '../ports';
import type { BillingSettings } from '../billing/settings';
import { findVisibleTicket } from './lookup';
import { type Reclassification, type Ticket } from './tickets';
import type { TicketWorkflowStore, WorkflowEngine } from './workflow';

/**
 * A supervisor reclassifies a closed ticket, included ↔ billable, with a reason the customer reads
 * (docs/product.md "Reclassification"). It is a new workflow round, as an accepted contest is: the ticket
 * moves to `resolved` with `round` + 1 and the reclassification recorded; the round's Attribute step takes
 * the supervisor's classification (rule `supervisor-reclassified`), Settle settles the ticket again as
 * revision `round` (billable → included gives every minute back; included → billable draws free →
 * package → consuntivo), Notify emails `ticket-reclassified:<ticket>:<round>` once, Close closes it.
 * So a retried or re-run step never settles or emails twice, and the preview runs the ledger's own plan.
 *
 * Consent: the customer agrees to consuntivo billing when opening a billable ticket with nothing prepaid
 * left. A reclassification to billable whose draw would reach the consuntivo of a ticket that carries no
 * such consent is refused (409): a supervisor cannot consent for the customer.
 */
export interface ReclassifyDeps {
  tickets: Pick<TicketStore, 'get' | 'idByNumber' | 'worklogs'>;
  store: Pick<TicketWorkflowStore, 'reclassify'>;
  engine: Pick<WorkflowEngine, 'start'>;
  ledger: { buckets(customerId: string): Promise<BucketState[]>; settlement(customerId: string, ticketId: string): Promise<TicketSettlement | undefined> };
  customer: (customerId: string) => Promise<Customer | undefined>;
  settings: () => Promise<BillingSettings>;
  now: () => Date;
}

export interface ReclassificationPreview {
  ticketId: string;
  number: string;
  from?: Classification;
  to: Classification;
  billableMinutes: number;
  previousMinutes: number;
  charges: Charge[];
  /** Per bucket, minutes drawn (positive) or given back (negative). */
  moves: { bucket: Charge['bucket']; packageId?: string; minutes: number }[];
  hourlyRateCents: number;
  /** What the consuntivo minutes this would draw cost, at the account's rate. */
  consuntivoCents: number;
  consentMissing: boolean;
}

async function visible(deps: Pick<ReclassifyDeps, 'tickets'>, caller: Caller, rawId: string): Promise<Ticket> {
  if (caller.role !== 'supervisor') throw forbidden('only a supervisor reclassifies a ticket');
  return findVisibleTicket(deps, caller, rawId);
}

function assertReclassifiable(ticket: Ticket, to: Classification): void {
  if (ticket.status !== 'closed') throw conflict(`ticket ${ticket.number} is ${ticket.status}: only a closed ticket can be reclassified`);
  if (ticket.classification?.kind === to) throw conflict(`ticket ${ticket.number} is already ${to}`);
}

/** What reclassifying would do now: the ledger's settle plan on the account's buckets, nothing written. */
async function plan(deps: ReclassifyDeps, ticket: Ticket, to: Classification): Promise<ReclassificationPreview> {
  const [worklogs, buckets, settlement, settings, customer] = await Promise.all([
    deps.tickets.worklogs(ticket.id),
    deps.ledger.buckets(ticket.customerId),
    deps.ledger.settlement(ticket.customerId, ticket.id),
    deps.settings(),
    deps.customer(ticket.customerId),
  ]);
  const hourlyRateCents = buckets.find((b) => b.bucket === 'free')?.hourlyRateCents ?? customer?.hourlyRateCents ?? 0;
  const target = to === 'billable' ? billableMinutes(worklogs, settings) : 0;
  const revision = Math.max(ticket.round + 1, (settlement?.revision ?? 0) + 1);
  const { result } = planSettle({ customerId: ticket.customerId, ticketId: ticket.id, revision, targetMinutes: target, hourlyRateCents, at: deps.now() }, { buckets, settlement }, settings);
  const moves = new Map<string, { bucket: Charge['bucket']; packageId?: string; minutes: number }>();
  for (const e of result.entries) {
    const key = `${e.bucket}#${e.packageId ?? ''}`;
    const hit = moves.get(key) ?? { bucket: e.bucket, ...(e.packageId ? { packageId: e.packageId } : {}), minutes: 0 };
    hit.minutes -= e.minutes;
    moves.set(key, hit);
  }
  const consuntivoDrawn = [...moves.values()].filter((m) => m.bucket === 'consuntivo').reduce((sum, m) => sum + m.minutes, 0);
  return {
    ticketId: ticket.id,
    number: ticket.number,
    ...(ticket.classification ? { from: ticket.classification.kind } : {}),
    to,
    billableMinutes: target,
    previousMinutes: result.previousMinutes,
    charges: result.charges,
    moves: [...moves.values()].filter((m) => m.minutes !== 0),
    hourlyRateCents,
    consuntivoCents: consuntivoDrawn > 0 ? amountCents(consuntivoDrawn, hourlyRateCents) : 0,
    consentMissing: consuntivoDrawn > 0 && !ticket.consuntivoConsent,
  };
}

/** GET /tickets/{id}/reclassification/preview: read only. */
export async function previewReclassification(deps: ReclassifyDeps, caller: Caller, rawId: string, to: Classification): Promise<ReclassificationPreview> {
  const ticket = await visible(deps, caller, rawId);
  assertReclassifiable(ticket, to);
  return plan(deps, ticket, to);
}

/**
 * POST /tickets/{id}/reclassification.
 * 1. The same request again (same classification and reason, its round not superseded): answer it as it
 *    stands (200), starting the round again if it has not closed (a retry after the start failed).
 * 2. Only a closed ticket with the other classification; to billable, not past the customer's consent.
 * 3. Record it and move to the next round, conditioned on the round and classification seen.
 * 4. Start the round's execution (idempotent by name).
 */
export async function reclassifyTicket(deps: ReclassifyDeps, caller: Caller, rawId: string, input: { classification: Classification; reason: string }): Promise<{ status: 200 | 202; ticket: Ticket }> {
  const ticket = await visible(deps, caller, rawId);
  const round = ticket.round;
  const last = ticket.reclassification;
  if (last && last.round === round && last.classification === input.classification && last.reason === input.reason) {
    if (ticket.status === 'resolved') await deps.engine.start({ ticketId: ticket.id, customerId: ticket.customerId, round });
    return { status: 200, ticket };
  }
  assertReclassifiable(ticket, input.classification);
  if (input.classification === 'billable') {
    const preview = await plan(deps, ticket, 'billable');
    if (preview.consentMissing) {
      throw conflict(
        `ticket ${ticket.number}: reclassified as billable it would draw ${preview.moves.find((m) => m.bucket === 'consuntivo')?.minutes ?? 0} minutes a consuntivo, and the customer never consented to consuntivo billing on it`,
      );
    }
  }
  const reclassification: Reclassification = { classification: input.classification, reason: input.reason, by: caller.username, at: deps.now().toISOString(), round: round + 1 };
  const updated = await deps.store.reclassify(ticket.id, { round, kind: ticket.classification!.kind }, reclassification);
  if (updated === 'refused') throw conflict(`ticket ${ticket.number} changed meanwhile (contested, reclassified or re-run): look at it again`);
  await deps.engine.start({ ticketId: updated.id, customerId: updated.customerId, round: reclassification.round });
  return { status: 202, ticket: updated };
}
