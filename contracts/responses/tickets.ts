import * as z from 'zod/mini';
import { ATTENTION_REASONS, BUCKETS, CATEGORY_IDS, CLASSIFICATIONS, CONTEST_STATUSES, LOCALES, MESSAGE_AUTHORS, REASONS, ROOT_CAUSES, RULES, TICKET_STATUSES, WORKLOG_KINDS, SLA_STATES } from '../vocabulary';
import { instant, minutes, cents } from './scalars';
import { balance } from './hours';
import { openIncident } from './incidents';

/** Tickets: the summary and the full ticket with its history, SLA clocks, the console's context panel, the resolution and reclassification previews. Re-exported by `../responses.ts`. */

export const charge = z.object({ bucket: z.enum(BUCKETS), packageId: z.optional(z.string()), minutes });

export const classification = z.object({ kind: z.enum(CLASSIFICATIONS), reason: z.enum(REASONS), rule: z.enum(RULES) });

export const contest = z.object({
  reason: z.string(),
  by: z.string(),
  at: instant,
  status: z.enum(CONTEST_STATUSES),
  decidedBy: z.optional(z.string()),
  decidedAt: z.optional(instant),
  note: z.optional(z.string()),
});

/**
 * One SLA clock of a ticket at the time of the answer: the target, the whole minutes elapsed (until done,
 * or now), when it is due and when it turns at risk; `doneAt` when the first response or resolution came.
 */
export const slaClock = z.object({
  state: z.enum(SLA_STATES),
  targetMinutes: minutes,
  elapsedMinutes: minutes,
  dueAt: instant,
  atRiskAt: instant,
  doneAt: z.optional(instant),
});

/** A ticket in a list, and what the workflow routes answer: the ticket without its history. */
export const ticketSummary = z.object({
  id: z.string(),
  /** Readable on the phone: `T-2026-000123`. */
  number: z.string(),
  customerId: z.string(),
  category: z.enum(CATEGORY_IDS),
  subject: z.string(),
  description: z.string(),
  onSite: z.boolean(),
  status: z.enum(TICKET_STATUSES),
  expectedClassification: z.enum(CLASSIFICATIONS),
  classification: z.optional(classification),
  rootCause: z.optional(z.enum(ROOT_CAUSES)),
  loggedMinutes: minutes,
  billableMinutes: minutes,
  charges: z.array(charge),
  createdAt: instant,
  firstResponseAt: z.optional(instant),
  resolvedAt: z.optional(instant),
  closedAt: z.optional(instant),
  /** The network incident that covered the account when the ticket was opened. */
  incidentId: z.optional(z.string()),
  /** The customer user who opened it. */
  openedBy: z.string(),
  contest: z.optional(contest),
  /** Set when the customer agreed, on opening a billable ticket, to be billed a consuntivo at this rate. */
  consuntivoConsent: z.optional(z.object({ hourlyRateCents: cents, at: instant, by: z.string() })),
  /** Set when a supervisor has to look: a workflow step failed for good, or the findings are overdue. */
  attention: z.optional(z.object({ reason: z.enum(ATTENTION_REASONS), at: instant })),
  /** The latest reclassification by a supervisor: to what, why (the customer reads it), who, when, in which round. */
  reclassification: z.optional(z.object({ classification: z.enum(CLASSIFICATIONS), reason: z.string(), by: z.string(), at: instant, round: z.int() })),
  /** Grows with every change to the ticket; send it back with a staff write to have it refused (409) if the ticket moved. */
  revision: z.optional(z.int()),
  /** The SLA clocks (24/7 from `createdAt`); absent on tickets opened before SLAs existed. */
  sla: z.optional(z.object({ firstResponse: slaClock, resolution: slaClock })),
});

/** `revision` on a history item: the ticket's revision that its write made (absent on items written before revisions were kept). */
export const worklog = z.object({ id: z.string(), ticketId: z.string(), at: instant, by: z.string(), minutes, kind: z.enum(WORKLOG_KINDS), note: z.string(), revision: z.optional(z.int()) });

export const message = z.object({ id: z.string(), ticketId: z.string(), at: instant, by: z.string(), author: z.enum(MESSAGE_AUTHORS), body: z.string(), revision: z.optional(z.int()) });

/** An internal note: staff's, never in a customer's answer, email or export. */
export const ticketNote = z.object({ id: z.string(), ticketId: z.string(), at: instant, by: z.string(), body: z.string(), revision: z.optional(z.int()) });

/**
 * One ticket with its latest history (at most 50 of each kind, oldest first) and, when there is more, the
 * cursor that pages the older ones (`GET /tickets/{id}/messages`, `GET /tickets/{id}/worklogs`).
 */
export const ticket = z.extend(ticketSummary, {
  worklogs: z.array(worklog),
  messages: z.array(message),
  /** Pass as `?cursor=` to `GET /tickets/{id}/worklogs` for the older time logs. */
  worklogsNextCursor: z.optional(z.string()),
  /** Pass as `?cursor=` to `GET /tickets/{id}/messages` for the older messages. */
  messagesNextCursor: z.optional(z.string()),
  /** Staff only (never a customer): the latest 50 internal notes, oldest first. */
  internalNotes: z.optional(z.array(ticketNote)),
  /** Staff only: pass as `?cursor=` to `GET /tickets/{id}/notes` for the older notes. */
  notesNextCursor: z.optional(z.string()),
});

export type TicketSummary = z.infer<typeof ticketSummary>;
export type Ticket = z.infer<typeof ticket>;
export type Worklog = z.infer<typeof worklog>;
export type Message = z.infer<typeof message>;


/**
 * What reclassifying a closed ticket would do, computed by the ledger's own settle plan: the billable
 * minutes it would settle to, the ticket's charges after it, and what moves (positive: drawn; negative:
 * given back). `consentMissing`: the draw reaches the consuntivo and the customer never consented, so
 * the reclassification is refused (409) until the customer agrees on a new ticket or prepaid hours return.
 */
export const reclassificationPreview = z.object({
  ticketId: z.string(),
  number: z.string(),
  from: z.optional(z.enum(CLASSIFICATIONS)),
  to: z.enum(CLASSIFICATIONS),
  billableMinutes: minutes,
  previousMinutes: minutes,
  charges: z.array(charge),
  moves: z.array(z.object({ bucket: z.enum(BUCKETS), packageId: z.optional(z.string()), minutes: z.int() })),
  hourlyRateCents: cents,
  consuntivoCents: cents,
  consentMissing: z.boolean(),
});
export type ReclassificationPreview = z.infer<typeof reclassificationPreview>;

/** The side panel of a ticket in the console: its account's hours, rate and open incidents (`GET /tickets/{id}/context`). */
export const ticketContext = z.object({
  ticketId: z.string(),
  customer: z.object({ id: z.string(), name: z.string(), locale: z.enum(LOCALES), hourlyRateCents: cents }),
  balance,
  openIncidents: z.array(openIncident),
});

/**
 * What a resolution would do, computed by the code the workflow runs and writing nothing
 * (`POST /tickets/{id}/resolution/preview`): the classification, the billable minutes of the worklogs so
 * far, and the buckets they would be drawn from now.
 */
export const resolutionPreview = z.object({
  ticketId: z.string(),
  revision: z.int(),
  classification,
  loggedMinutes: minutes,
  billableMinutes: minutes,
  charges: z.array(charge),
  /** Of `charges`: what goes on the next invoice, at the account's rate. */
  consuntivoAmountCents: cents,
  hourlyRateCents: cents,
  billingIncrementMinutes: minutes,
  onSiteMinimumMinutes: minutes,
});
export type TicketNote = z.infer<typeof ticketNote>;
export type TicketContext = z.infer<typeof ticketContext>;
export type ResolutionPreview = z.infer<typeof resolutionPreview>;
export type SlaClock = z.infer<typeof slaClock>;
