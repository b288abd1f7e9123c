import type { Customer } from '../accounts/accounts';
import { attribute, type RootCause, type TicketClassification } from './attribution';
import { billableMinutes } from '../billing/billing';
import type { Caller } from '../accounts/caller';
import { conflict, forbidden } from '../errors';
import { coveringIncident } from '../incidents/incidents';
import { type BucketState, type Charge, type SettleResult, type Threshold } from '../ledger/ledger';
import { balanceOf } from '../ledger/balance';
import type { Notice } from '../notifications/notices';
import type { BalanceGlance } from '../notifications/email-layout';
import type { IncidentStore, TicketStore } from '../ports';
import type { BillingSettings } from '../billing/settings';
import { type Attention, type Contest, type Reclassification, type Ticket, type WorkflowRun } from './tickets';
import { findVisibleTicket } from './lookup';
import { reclassifiedAs } from './reclassified';
import { assertRevision, staleRevision } from './revision';

/**
 * The ticket workflow's use cases: one per state of the state machine, and the three routes that feed
 * it (findings, contest, decision). Every step is idempotent — it reads the ticket, decides, and writes
 * with a condition on the ticket's `round` — so a retried step or a re-run execution converges: the
 * ledger settles by (ticket, round), emails go through the outbox by notice id.
 *
 * A round is one pass from findings to close. Round 1 starts when the ticket is opened; an accepted
 * contest starts round 2, which attributes again (now `contest-accepted`, included) and settles to zero,
 * so every minute flows back to the bucket it came from.
 *
 * A little over 250 lines: the steps and the routes that drive them share `WorkflowDeps` and the round's
 * rules; the routes (resolution, contest, decision, re-run) can move to a file of their own when more join.
 */
export interface WorkflowInput {
  ticketId: string;
  customerId: string;
  round: number;
}

/** At most one execution per ticket and round, on AWS as locally (StartExecution is idempotent by name). */
export const executionName = (input: WorkflowInput) => (input.round === 1 ? input.ticketId : `${input.ticketId}-r${input.round}`);

/**
 * A supervisor's re-run of a ticket's round: a fresh execution with a name of its own (the round's name is
 * taken by the execution that failed). `<ticket>[-r<round>]-x<n>`, n counting the re-runs of the ticket.
 */
export const rerunExecutionName = (input: WorkflowInput, n: number) => `${executionName(input)}-x${n}`;

export interface WorkflowEngine {
  /** Starts the round's execution (`executionName`), or one named `name`; a no-op when it already runs. */
  start(input: WorkflowInput, options?: { name?: string }): Promise<void>;
  /** Whether the named execution is running now (false when it has ended or never existed). */
  isRunning(name: string): Promise<boolean>;
  /** Completes a waiting AwaitFindings task; false when that task is gone (it will see the findings itself). */
  signal(taskToken: string): Promise<boolean>;
}

export interface Findings {
  rootCause: RootCause;
  summary: string;
  by: string;
  at: string;
}

/** Parts of the ticket record the workflow writes; defined with the ticket (`tickets.ts`). */
export type { Attention, Contest, WorkflowRun } from './tickets';

/** The workflow's writes to a ticket; each conditional, each safe to repeat. */
export interface TicketWorkflowStore {
  /** Stores the pending task's token (for this round) and returns the ticket as it now is. */
  storeTaskToken(ticketId: string, round: number, token: string): Promise<Ticket | undefined>;
  /** Records the findings if the ticket is still being worked (`open`/`in_progress`); `refused` otherwise. */
  recordFindings(ticketId: string, findings: Findings, expectedRevision?: number): Promise<Ticket | 'refused'>;
  recordIncident(ticketId: string, incidentId: string): Promise<void>;
  recordClassification(ticketId: string, round: number, classification: TicketClassification): Promise<void>;
  /** The round's billable minutes, its charges and the billing policy that made the minutes. */
  recordSettlement(ticketId: string, round: number, billableMinutes: number, charges: Charge[], policy: Pick<BillingSettings, 'billingIncrementMinutes' | 'onSiteMinimumMinutes'>): Promise<void>;
  /** `closed`, `closedAt`, once per round. */
  close(ticketId: string, round: number, at: string): Promise<void>;
  /** Sets `attention`, unless `round` has closed already (a failure after Close wrote leaves nothing to do). */
  flag(ticketId: string, attention: Attention, round: number): Promise<void>;
  /** Opens a contest on a closed billable ticket that has none: `refused` otherwise. */
  openContest(ticketId: string, contest: Contest): Promise<Ticket | 'refused'>;
  /**
   * Records a supervisor's re-run (`workflowRun`, `workflowRuns` + 1) and clears `attention`, if the
   * ticket is still as `seen` (status, round, attention, re-runs): `refused` otherwise.
   */
  recordRerun(ticketId: string, seen: Pick<Ticket, 'status' | 'round' | 'attention' | 'workflowRuns'>, run: WorkflowRun): Promise<Ticket | 'refused'>;
  /** Decides a pending contest; accepting also moves the ticket to the next round. `refused` if none is pending. */
  decideContest(ticketId: string, decision: Pick<Contest, 'status' | 'decidedBy' | 'decidedAt' | 'note'>): Promise<Ticket | 'refused'>;
  /**
   * Records a reclassification of a closed ticket still in round `seen.round` and classified `seen.kind`:
   * the next round starts (`round` + 1, status `resolved`). `refused` if the ticket moved meanwhile.
   */
  reclassify(ticketId: string, seen: { round: number; kind: TicketClassification['kind'] }, reclassification: Reclassification): Promise<Ticket | 'refused'>;
}

export interface WorkflowDeps {
  tickets: Pick<TicketStore, 'get' | 'worklogs' | 'idByNumber'>;
  store: TicketWorkflowStore;
  incidents: Pick<IncidentStore, 'recordsFor'>;
  engine: WorkflowEngine;
  /** The ledger's settle use case, idempotent by (ticket, revision). */
  settle: (input: { customerId: string; ticketId: string; targetMinutes: number; revision: number; by: string; rateCapCents?: number }) => Promise<SettleResult>;
  buckets: (customerId: string) => Promise<BucketState[]>;
  customer: (customerId: string) => Promise<Customer | undefined>;
  settings: () => Promise<BillingSettings>;
  /** Sends one notice to the account, once (the outbox). */
  notify: (notice: Notice, to: { email: string; locale: Customer['locale']; balance?: BalanceGlance }) => Promise<unknown>;
  now: () => Date;
}

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

/**
 * POST /tickets/{id}/resolution: the findings are recorded first, then handed to the waiting task. If
 * the task is not waiting yet (or any more), AwaitFindings finds them on the ticket by itself.
 */
export async function recordResolution(
  deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'> & { tickets: Pick<TicketStore, 'historyPage'> },
  caller: Caller,
  rawId: string,
  input: { rootCause: RootCause; summary: string; revision?: number },
): Promise<Ticket> {
  const ticket = await findVisibleTicket(deps, caller, rawId);
  // With the revision the technician saw: refused (409, what changed) when the ticket moved since.
  await assertRevision(deps, caller, ticket, input.revision);
  const updated = await deps.store.recordFindings(ticket.id, { rootCause: input.rootCause, summary: input.summary, by: caller.username, at: deps.now().toISOString() }, input.revision);
  if (updated === 'refused') {
    const now = input.revision === undefined ? undefined : await deps.tickets.get(ticket.id);
    if (now && input.revision !== undefined && now.revision !== input.revision) throw await staleRevision(deps, caller, now, input.revision);
    throw conflict(`ticket ${ticket.number} is ${ticket.status}: its resolution is already recorded`);
  }
  // Started when the ticket was opened; starting again is a no-op then (same name, same input), and it
  // rescues a ticket whose start failed after it was written: its AwaitFindings finds the findings at once.
  await deps.engine.start({ ticketId: updated.id, customerId: updated.customerId, round: 1 });
  if (updated.taskToken) await deps.engine.signal(updated.taskToken);
  return updated;
}

/** POST /tickets/{id}/contest: once, by the customer, on a closed billable ticket. */
export async function contestTicket(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'now'>, caller: Caller, rawId: string, reason: string): Promise<Ticket> {
  if (caller.role !== 'customer') throw forbidden('only the customer contests a classification');
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const updated = await deps.store.openContest(ticket.id, { reason, by: caller.username, at: deps.now().toISOString(), status: 'pending' });
  if (updated === 'refused') {
    if (ticket.contest) throw conflict(`ticket ${ticket.number} has already been contested`);
    if (ticket.status !== 'closed') throw conflict(`ticket ${ticket.number} is ${ticket.status}: only a closed ticket can be contested`);
    throw conflict(`ticket ${ticket.number} is not billable: there is nothing to contest`);
  }
  return updated;
}

/**
 * POST /tickets/{id}/contest/decision: a supervisor accepts (round + 1: attributed again as included and
 * settled to zero, every minute back where it came from) or rejects (closed again, as it was).
 */
export async function decideContest(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'>, caller: Caller, rawId: string, input: { decision: 'accepted' | 'rejected'; note: string }): Promise<Ticket> {
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const updated = await deps.store.decideContest(ticket.id, { status: input.decision, decidedBy: caller.username, decidedAt: deps.now().toISOString(), note: input.note });
  if (updated === 'refused') {
    // The same acceptance again while its round has not closed: a retry after the start failed. Start again (idempotent).
    if (input.decision === 'accepted' && ticket.contest?.status === 'accepted' && ticket.status === 'contested') {
      await deps.engine.start({ ticketId: ticket.id, customerId: ticket.customerId, round: ticket.round });
      return ticket;
    }
    throw conflict(`ticket ${ticket.number} has no contest waiting for a decision`);
  }
  if (input.decision === 'accepted') await deps.engine.start({ ticketId: updated.id, customerId: updated.customerId, round: updated.round });
  return updated;
}

/**
 * POST /tickets/{id}/workflow/rerun: a supervisor runs a stuck ticket's workflow again — a fresh execution
 * of its current round, which converges (one debit, one email, closed once) because every step is
 * idempotent. Allowed when the workflow gave up (`attention` with reason `failed`), or when the ticket
 * waits for the workflow (`resolved`, or `contested` after an acceptance) and no execution of it runs.
 * Refused (409, saying why) on a closed ticket, a ticket whose workflow runs, and one still being worked
 * or waiting for a contest decision with nothing failed.
 */
export async function rerunWorkflow(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'>, caller: Caller, rawId: string): Promise<Ticket> {
  if (caller.role !== 'supervisor') throw forbidden('only a supervisor re-runs a ticket\'s workflow');
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const round = ticket.round;
  const input = { ticketId: ticket.id, customerId: ticket.customerId, round };
  if (ticket.status === 'closed') throw conflict(`ticket ${ticket.number} is closed: its workflow has nothing left to do`);
  const failed = ticket.attention?.reason === 'failed';
  if (!failed) {
    const waitsForWorkflow = ticket.status === 'resolved' || (ticket.status === 'contested' && ticket.contest?.status === 'accepted');
    if (!waitsForWorkflow) {
      throw conflict(
        ticket.status === 'contested'
          ? `ticket ${ticket.number} waits for a contest decision, not for its workflow`
          : `ticket ${ticket.number} is ${ticket.status} and its workflow has not failed: it waits for the findings`,
      );
    }
    const current = ticket.workflowRun?.round === round ? ticket.workflowRun.execution : executionName(input);
    if (await deps.engine.isRunning(current)) throw conflict(`ticket ${ticket.number}'s workflow is running (${current}): let it finish`);
  }
  const n = (ticket.workflowRuns ?? 0) + 1;
  const run: WorkflowRun = { execution: rerunExecutionName(input, n), round, by: caller.username, at: deps.now().toISOString(), ...(ticket.attention ? { attention: ticket.attention } : {}) };
  const updated = await deps.store.recordRerun(ticket.id, ticket, run);
  if (updated === 'refused') throw conflict(`ticket ${ticket.number} changed meanwhile (another re-run, or its workflow moved on): look at it again`);
  await deps.engine.start(input, { name: run.execution });
  return updated;
}
