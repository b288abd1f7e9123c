import type { TicketStatus, WorklogKind } from '#contracts/vocabulary';
import { categoryById, type CategoryId, type Classification } from './categories';
import type { Caller } from '../accounts/caller';
import { conflict, notFound } from '../errors';
import type { RootCause, TicketClassification } from './attribution';
import type { Charge } from '../ledger/ledger';

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
}

export interface Message {
  id: string;
  ticketId: string;
  at: string;
  by: string;
  author: 'customer' | 'staff';
  body: string;
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
  round?: number;
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
export type TicketView = Omit<Ticket, 'revision' | 'taskToken'> & { worklogs: Worklog[]; messages: Message[]; worklogsNextCursor?: string; messagesNextCursor?: string };

/**
 * How many messages and worklogs a ticket carries in `GET /tickets/{id}`. With the largest message the
 * API takes (10,000 characters, at most 30 KB of UTF-8) and the largest worklog note (2,000 characters),
 * 50 of each is at most ~1.8 MB of JSON: far below the 6 MB one Lambda response can carry, however long
 * the history grows.
 */
export const TICKET_HISTORY_LIMIT = 50;

/** A ticket in a list: the record without internals and without the history arrays (one Query per list). */
export type TicketSummary = Omit<Ticket, 'revision' | 'taskToken'>;

export interface NewTicketInput {
  category: CategoryId;
  subject: string;
  description: string;
  onSite?: boolean;
  /** `true` when the customer agreed to be billed a consuntivo; required when nothing prepaid is left. */
  consentToConsuntivo?: boolean;
}

export interface NewTicketContext {
  id: string;
  number: string;
  customerId: string;
  openedBy: string;
  now: Date;
  incidentId?: string;
  consuntivoConsent?: ConsuntivoConsent;
}

export function newTicket(input: NewTicketInput, ctx: NewTicketContext): Ticket {
  return {
    id: ctx.id,
    number: ctx.number,
    customerId: ctx.customerId,
    category: input.category,
    subject: input.subject,
    description: input.description,
    onSite: input.onSite ?? false,
    status: 'open',
    expectedClassification: categoryById(input.category).expected,
    loggedMinutes: 0,
    billableMinutes: 0,
    charges: [],
    createdAt: ctx.now.toISOString(),
    ...(ctx.incidentId ? { incidentId: ctx.incidentId } : {}),
    openedBy: ctx.openedBy,
    revision: 1,
    round: 1,
    ...(ctx.consuntivoConsent ? { consuntivoConsent: ctx.consuntivoConsent } : {}),
  };
}

/** Ticket numbers restart every year, by the provider's calendar (Europe/Rome). */
export function ticketYear(now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
}

/** `T-2026-000123`: year and a per-year sequence, zero-padded to six digits (longer past 999,999). */
export function ticketNumber(year: number, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`ticket sequence must be a positive integer, got ${sequence}`);
  return `T-${year}-${String(sequence).padStart(6, '0')}`;
}

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

/** The change one message or worklog makes to its ticket, beyond appending itself. */
export interface TicketChange {
  /** The status the change was decided on; the store writes only if it still holds. */
  expectedStatus: TicketStatus;
  status?: TicketStatus;
  firstResponseAt?: string;
  addMinutes?: number;
}

function assertOpenForWork(ticket: Ticket, what: string): void {
  if (ticket.status === 'closed') throw conflict(`ticket ${ticket.number} is closed: no more ${what} can be added`);
}

/** The first staff action moves an open ticket to `in_progress` and stamps the first response. */
function staffAction(ticket: Ticket, now: Date): Pick<TicketChange, 'status' | 'firstResponseAt'> {
  return ticket.status === 'open' ? { status: 'in_progress', firstResponseAt: now.toISOString() } : {};
}

export function messageChange(ticket: Ticket, caller: Caller, now: Date): TicketChange {
  assertOpenForWork(ticket, 'messages');
  return { expectedStatus: ticket.status, ...(caller.role === 'customer' ? {} : staffAction(ticket, now)) };
}

/** The statuses in which time may be logged: before a resolution is recorded. */
export const WORK_STATUSES: readonly TicketStatus[] = ['open', 'in_progress'];

export function worklogChange(ticket: Ticket, minutes: number, now: Date): TicketChange {
  if (!Number.isSafeInteger(minutes) || minutes < 1) throw new Error(`worklog minutes must be a positive integer, got ${minutes}`);
  if (!WORK_STATUSES.includes(ticket.status)) {
    throw conflict(
      `ticket ${ticket.number} is ${ticket.status}: its time closed with its resolution${ticket.resolvedAt ? ` at ${ticket.resolvedAt}` : ''}, so no more time can be logged on it; log the work on a new ticket`,
    );
  }
  return { expectedStatus: ticket.status, ...staffAction(ticket, now), addMinutes: minutes };
}

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
