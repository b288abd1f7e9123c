import type { Customer } from '../accounts/accounts';
import { attribute, type TicketClassification } from './attribution';
import { billableMinutes } from '../billing/billing';
import { coveringIncident } from '../incidents/incidents';
import { type BucketState, type Threshold } from '../ledger/ledger';
import { balanceOf } from '../ledger/balance';
import type { Notice } from '../notifications/notices';
import type { Attention, Ticket } from './tickets';
import { reclassifiedAs } from './reclassified';
import type { WorkflowDeps, WorkflowInput } from './workflow-ports';

/**
 * The workflow's steps, one per state of the state machine (Diagnose, AwaitFindings, Attribute, Settle,
 * Notify, Close, and Flag on failure); each idempotent (`workflow.ts` says how). Re-exported by `workflow.ts`.
 */
async function ticketOf(deps: Pick<WorkflowDeps, 'tickets'>, input: WorkflowInput): Promise<Ticket> {
  const ticket = await deps.tickets.get(input.ticketId);
  // Not a transient error: the execution fails and is visible, rather than retrying for nothing.
  if (!ticket || ticket.customerId !== input.customerId) throw new Error(`ticket ${input.ticketId} of ${input.customerId} does not exist`);
  return ticket;
}

/** Diagnose: the automatic checks. An incident covering the account when the ticket was opened makes it ours. */
export async function diagnose(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'incidents'>, input: WorkflowInput): Promise<{ incidentId?: string }> {
  const ticket = await ticketOf(deps, input);
  if (ticket.incidentId) return { incidentId: ticket.incidentId };
  const opened = new Date(ticket.createdAt);
  const incidentId = coveringIncident(await deps.incidents.recordsFor(ticket.customerId, opened), opened);
  if (incidentId) await deps.store.recordIncident(ticket.id, incidentId);
  return incidentId ? { incidentId } : {};
}

/**
 * AwaitFindings: parks the token on the ticket; if the findings are already there (recorded before the
 * token, or a re-run), completes the task at once so a re-run never hangs.
 */
export async function awaitFindings(deps: Pick<WorkflowDeps, 'store' | 'engine'>, input: WorkflowInput & { taskToken: string }): Promise<void> {
  const ticket = await deps.store.storeTaskToken(input.ticketId, input.round, input.taskToken);
  if (!ticket) throw new Error(`ticket ${input.ticketId} does not exist`);
  if (ticket.resolvedAt) await deps.engine.signal(input.taskToken);
}

/** Attribute: the rules of docs/product.md, kept on the ticket with their reason and rule. */
export async function attributeTicket(deps: Pick<WorkflowDeps, 'tickets' | 'store'>, input: WorkflowInput): Promise<TicketClassification> {
  const ticket = await ticketOf(deps, input);
  if (!ticket.rootCause) throw new Error(`ticket ${ticket.id} has no findings to attribute`);
  // A supervisor's reclassification decides its own round; every other round follows the rules.
  const classification =
    ticket.reclassification?.round === input.round
      ? reclassifiedAs(ticket.reclassification)
      : attribute({
          category: ticket.category,
          rootCause: ticket.rootCause,
          incidentAtOpening: ticket.incidentId !== undefined,
          contestAccepted: ticket.contest?.status === 'accepted',
        });
  await deps.store.recordClassification(ticket.id, input.round, classification);
  return classification;
}

/**
 * Settle: the ticket's billable minutes (zero when included) against the ledger, as revision `round`.
 * It reads the ticket and its worklogs only, never the messages: a ticket's history may be long.
 * Every worklog it can ever have is there by now: time is refused once the resolution is recorded.
 * Returns the notices to send: the ledger's thresholds crossed, and the billable-ticket notice.
 */
export async function settleTicket(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'settle' | 'settings' | 'buckets' | 'customer'>, input: WorkflowInput): Promise<{ notices: Notice[] }> {
  const [ticket, worklogs] = await Promise.all([ticketOf(deps, input), deps.tickets.worklogs(input.ticketId)]);
  if (!ticket.classification) throw new Error(`ticket ${ticket.id} is not attributed yet`);
  const settings = await deps.settings();
  const target = ticket.classification.kind === 'billable' ? billableMinutes(worklogs, settings) : 0;
  const rateCap = ticket.consuntivoConsent ? { rateCapCents: ticket.consuntivoConsent.hourlyRateCents } : {};
  const result = await deps.settle({ customerId: ticket.customerId, ticketId: ticket.id, targetMinutes: target, revision: input.round, by: 'workflow', ...rateCap });
  await deps.store.recordSettlement(ticket.id, input.round, target, result.charges, { billingIncrementMinutes: settings.billingIncrementMinutes, onSiteMinimumMinutes: settings.onSiteMinimumMinutes });
  // A threshold carries the figures of the settle that crossed it; only a record settled before they
  // were kept needs the buckets read now (which a later grant may have changed).
  const legacy = result.thresholds.some((t) => t.kind !== 'low_balance' && t.grantedMinutes === undefined);
  const [buckets, customer] = await Promise.all([legacy ? deps.buckets(ticket.customerId) : Promise.resolve([]), deps.customer(ticket.customerId)]);
  if (!customer) throw new Error(`customer ${ticket.customerId} does not exist`);
  const notices: Notice[] = result.thresholds.map((t) => noticeFor(t, customer, buckets));
  const reclassified = ticket.reclassification?.round === input.round ? ticket.reclassification : undefined;
  if (reclassified) {
    // A reclassification tells the customer once, whichever way it went (its id carries the revision).
    notices.push({
      kind: 'ticket_reclassified',
      customerId: ticket.customerId,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      subject: ticket.subject,
      classification: reclassified.classification,
      reason: reclassified.reason,
      revision: input.round,
      billableMinutes: target,
      previousMinutes: result.previousMinutes,
      charges: result.charges,
      hourlyRateCents: customer.hourlyRateCents,
    });
  } else if (ticket.classification.kind === 'billable' && target > 0) {
    notices.push({
      kind: 'ticket_billable',
      customerId: ticket.customerId,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      subject: ticket.subject,
      reason: ticket.classification.reason,
      revision: input.round,
      billableMinutes: target,
      charges: result.charges,
      // The rate the consuntivo was charged at: never above the one the customer consented to.
      hourlyRateCents: Math.min(customer.hourlyRateCents, ticket.consuntivoConsent?.hourlyRateCents ?? Infinity),
    });
  }
  return { notices };
}

function noticeFor(t: Threshold, customer: Customer, buckets: readonly BucketState[]): Notice {
  switch (t.kind) {
    case 'free_exhausted': {
      // The id is `free-exhausted:<customer>:<granted>`: the settle's own figure, never one read after it.
      const granted = t.grantedMinutes ?? buckets.find((b) => b.bucket === 'free')?.grantedMinutes ?? customer.freeMinutesGranted;
      return { kind: 'free_exhausted', customerId: customer.id, freeMinutesGranted: granted, hourlyRateCents: customer.hourlyRateCents };
    }
    case 'package_exhausted': {
      const granted = t.grantedMinutes ?? buckets.find((b) => b.bucket === 'package' && b.packageId === t.packageId)?.grantedMinutes ?? 0;
      return { kind: 'package_exhausted', customerId: customer.id, packageId: t.packageId, minutes: granted };
    }
    case 'low_balance':
      return {
        kind: 'balance_low',
        customerId: customer.id,
        bucket: t.bucket,
        ...(t.packageId ? { packageId: t.packageId } : {}),
        grantedMinutes: t.grantedMinutes,
        minutesRemaining: t.minutesRemaining,
      };
  }
}

/** Notify: every notice once, to the account's billing address in its language. */
export async function notifyCustomer(deps: Pick<WorkflowDeps, 'customer' | 'notify' | 'buckets' | 'now'>, input: WorkflowInput & { notices: Notice[] }): Promise<void> {
  if (input.notices.length === 0) return;
  const [customer, buckets] = await Promise.all([deps.customer(input.customerId), deps.buckets(input.customerId)]);
  if (!customer) throw new Error(`customer ${input.customerId} does not exist`);
  // The balance at a glance in every email: as it stands when the emails go out (after this settle).
  const balance = balanceOf(buckets, customer.hourlyRateCents, deps.now());
  for (const notice of input.notices) await deps.notify(notice, { email: customer.billingEmail, locale: customer.locale, balance });
}

export async function closeTicket(deps: Pick<WorkflowDeps, 'store' | 'now'>, input: WorkflowInput): Promise<void> {
  await deps.store.close(input.ticketId, input.round, deps.now().toISOString());
}

export async function flagTicket(deps: Pick<WorkflowDeps, 'store' | 'now'>, input: WorkflowInput & { reason: Attention['reason']; error?: { Error?: string; Cause?: string } }): Promise<void> {
  await deps.store.flag(
    input.ticketId,
    {
      reason: input.reason,
      at: deps.now().toISOString(),
      ...(input.error?.Error ? { error: `${input.error.Error}: ${(input.error.Cause ?? '').slice(0, 500)}` } : {}),
    },
    input.round,
  );
}
