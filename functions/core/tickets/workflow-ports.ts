import type { Customer } from '../accounts/accounts';
import type { RootCause, TicketClassification } from './attribution';
import type { BucketState, Charge, SettleResult } from '../ledger/ledger';
import type { Notice } from '../notifications/notices';
import type { BalanceGlance } from '../notifications/email-layout';
import type { IncidentStore, TicketStore } from '../ports';
import type { BillingSettings } from '../billing/settings';
import type { Attention, Contest, Reclassification, Ticket, WorkflowRun } from './tickets';

/**
 * What the workflow's steps and routes share: a round's input and its executions' names, the engine and the
 * store they write through, and `WorkflowDeps`. Re-exported by `workflow.ts`.
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
