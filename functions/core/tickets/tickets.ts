import type { TicketStatus, WorklogKind } from '#contracts/vocabulary';
import type { CategoryId, Classification } from './categories';
import type { RootCause, TicketClassification } from './attribution';
import type { Charge } from '../ledger/ledger';
import type { TicketSla, TicketSlaView } from './sla';

/**
 * Tickets: what the customer and the technician share. Pure rules only; the use cases
 * (`ticket-use-cases.ts`) read and write through the `TicketStore` port, and the DynamoDB adapter
 * re-checks atomically, as conditions, what these rules decided on.
 *
 * Lifecycle (docs/api.md): `open` → `in_progress` at the first staff action (message or worklog), which
 * stamps `firstResponseAt` → `resolved` (resolution recorded) → `closed` (classified and settled);
 * `contested` while a contest waits. Only the first transition belongs here; the rest is the workflow's.
 *
 * Guarantees:
 * - loggedMinutes = Σ worklog.minutes, every worklog a whole positive number of minutes;
 * - firstResponseAt is set exactly once, by the action that moves the ticket out of `open`;
 * - nothing is added to a `closed` ticket;
 * - time is logged only while the ticket is worked (`open`, `in_progress`): a ticket's time closes with
 *   its resolution, so every accepted worklog is in the settlement that follows (docs/product.md, "Late time").
 *   Race-free because the worklog's write and the resolution's write both condition on the ticket item's
 *   status: a worklog commits before the resolution (and is settled) or is refused with a 409;
 * - a customer user sees and touches only tickets whose customerId is its own account.
 */
export { TICKET_STATUSES, type TicketStatus } from '#contracts/vocabulary';

/** Root causes and classifications are the attribution rules' (`attribution.ts`), not defined twice. */
export { ROOT_CAUSES, type RootCause, type TicketClassification } from './attribution';

/** Where a billable ticket's minutes were taken from: the ledger's `Charge`. */
export type { Charge } from '../ledger/ledger';

export { WORKLOG_KINDS, type WorklogKind } from '#contracts/vocabulary';

export interface Worklog {
  id: string;
  ticketId: string;
  at: string;
  /** The technician, from the token. */
  by: string;
  minutes: number;
  kind: WorklogKind;
  note: string;
  /** The ticket's revision this worklog's write made (absent on older ones). */
  revision?: number;
}

export interface Message {
  id: string;
  ticketId: string;
  at: string;
  by: string;
  author: 'customer' | 'staff';
  body: string;
  /** The ticket's revision this message's write made (absent on older ones). */
  revision?: number;
}

/** An internal note: staff's, kept under its own key prefix that no customer read ever queries. */
export interface Note {
  id: string;
  ticketId: string;
  at: string;
  by: string;
  body: string;
  /** The ticket's revision this note's write made. */
  revision?: number;
}

/** A customer's contest of a billable classification, and a supervisor's decision (`workflow.ts`). */
export interface Contest {
  reason: string;
  by: string;
  at: string;
  status: 'pending' | 'accepted' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
}

/** Why a ticket needs a person: a step failed for good, or the findings are long overdue. */
export interface Attention {
  reason: 'failed' | 'overdue';
  at: string;
  state?: string;
  error?: string;
}

/** A supervisor's re-run of the workflow: the execution it started, who, when, and the attention it cleared. */
export interface WorkflowRun {
  execution: string;
  round: number;
  by: string;
  at: string;
  /** The attention the re-run answered, if any. */
  attention?: Attention;
}

/**
 * The ticket record. Fields after `closedAt` are not part of the public shape (`ticketView` drops them):
 * `revision` counts writes (the workflow conditions on it), `taskToken` is the workflow's pending callback.
 */
export interface Ticket {
  id: string;
  /** Readable on the phone: `T-2026-000123`. */
  number: string;
  customerId: string;
  category: CategoryId;
  subject: string;
  description: string;
  onSite: boolean;
  status: TicketStatus;
  expectedClassification: Classification;
  classification?: TicketClassification;
  rootCause?: RootCause;
  loggedMinutes: number;
  billableMinutes: number;
  charges: Charge[];
  createdAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  /** The network incident that covered the account when the ticket was opened, if any. */
  incidentId?: string;
  /** The customer user who opened it. */
  openedBy: string;
  revision: number;
  taskToken?: string;
  /** The workflow round (core/tickets/workflow.ts): 1 until an accepted contest starts the next. */
  round: number;
  /** The round that last closed the ticket, so a re-run closes it once. */
  closedRound?: number;
  resolutionSummary?: string;
  resolvedBy?: string;
  contest?: Contest;
  /** Set when the workflow needs a person: a step failed for good, or the findings are overdue. */
  attention?: Attention;
  /** The billing policy the last settlement applied to the worklogs, so reconcile re-applies that one. */
  billingPolicy?: { billingIncrementMinutes: number; onSiteMinimumMinutes: number };
  /** The latest supervisor re-run of the workflow, and how many there were (`core/tickets/workflow.ts`). */
  workflowRun?: WorkflowRun;
  workflowRuns?: number;
  /** The customer's consent to billable work a consuntivo, given when the ticket was opened (PRODUCT.md, wave 2). */
  consuntivoConsent?: ConsuntivoConsent;
  /** The latest reclassification by a supervisor (`tickets/reclassify.ts`): its round attributes as it says. */
  reclassification?: Reclassification;
  /** The SLA targets the ticket is held to, fixed when it was opened (`tickets/sla.ts`); absent on older tickets. */
  slaTargets?: TicketSla;
}

/** A supervisor's reclassification of a closed ticket: to what, the reason the customer reads, who, when, the round it runs in. */
export interface Reclassification {
  classification: Classification;
  reason: string;
  by: string;
  at: string;
  round: number;
}

/** What the customer agreed to when opening a billable ticket: the hourly rate, when and who. */
export interface ConsuntivoConsent {
  hourlyRateCents: number;
  at: string;
  by: string;
}

/**
 * What docs/api.md calls a ticket: the record without internals, with its latest history (at most
 * `TICKET_HISTORY_LIMIT` of each kind, oldest first) and, when there is more, the cursor that pages the
 * older ones (`GET /tickets/{id}/messages`, `GET /tickets/{id}/worklogs`).
 */
export type TicketView = TicketSummary & { worklogs: Worklog[]; messages: Message[]; worklogsNextCursor?: string; messagesNextCursor?: string; internalNotes?: Note[]; notesNextCursor?: string };

/**
 * How many messages and worklogs a ticket carries in `GET /tickets/{id}`. With the largest message the
 * API takes (10,000 characters, at most 30 KB of UTF-8) and the largest worklog note (2,000 characters),
 * 50 of each is at most ~1.8 MB of JSON: far below the 6 MB one Lambda response can carry, however long
 * the history grows.
 */
export const TICKET_HISTORY_LIMIT = 50;

/** A ticket in a list: the record without internals and without the history arrays (one Query per list). */
export type TicketSummary = Omit<Ticket, 'revision' | 'taskToken' | 'round' | 'slaTargets'> & { revision?: number; sla?: TicketSlaView };
