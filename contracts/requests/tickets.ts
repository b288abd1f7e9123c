import * as z from 'zod/mini';
import { CATEGORY_IDS, CLASSIFICATIONS, CONTEST_DECISIONS, ROOT_CAUSES, TICKET_STATUSES, WORKLOG_KINDS, QUEUE_STATUSES, QUEUE_SLA_STATES, SLA_MAX_MINUTES } from '../vocabulary';
import { text, oneLine, wholeMinutes, pageQuery } from './common';

/** Tickets: opening and listing, messages, time logs, notes, resolution, contests, reclassification, the supervisor's list, the queue and the SLA settings. Re-exported by `../requests.ts`. */

export const createTicketBody = z.strictObject({
  category: z.enum(CATEGORY_IDS),
  subject: oneLine(200),
  description: text(10_000),
  onSite: z.optional(z.boolean()),
  /** The customer agrees to billable work a consuntivo at the account's hourly rate; required when nothing prepaid is left. */
  consentToConsuntivo: z.optional(z.boolean()),
});

export const listTicketsQuery = z.strictObject({
  status: z.optional(z.enum(TICKET_STATUSES)),
  /** Staff only: one account. */
  customerId: z.optional(text(64)),
  ...pageQuery,
});

/**
 * The ticket's `revision` the writer saw (`GET /tickets/{id}`): when given and the ticket has changed
 * since, the write is refused with a 409 naming what changed (`changes`). Without it, the write applies
 * to the ticket as it is (the customers' portal sends none).
 */
export const seenRevision = z.optional(z.int().check(z.minimum(1)));

export const ticketMessageBody = z.strictObject({ body: text(10_000), revision: seenRevision });

/** One time log: whole minutes (at most a day per entry), remote or on site. */
export const worklogBody = z.strictObject({
  minutes: wholeMinutes(24 * 60),
  kind: z.enum(WORKLOG_KINDS),
  note: text(2_000),
  revision: seenRevision,
});

export const resolutionBody = z.strictObject({ rootCause: z.enum(ROOT_CAUSES), summary: text(4000), revision: seenRevision });
export const contestBody = z.strictObject({ reason: text(2000) });
export const contestDecisionBody = z.strictObject({ decision: z.enum(CONTEST_DECISIONS), note: text(2000) });
/** A ticket's messages or worklogs: `?limit=` and `?cursor=` (from the ticket's `messagesNextCursor` / `worklogsNextCursor`). */
export const ticketHistoryQuery = z.strictObject(pageQuery);

/** `POST /tickets/{id}/reclassification`: the new classification and the reason the customer reads. */
export const reclassificationBody = z.strictObject({ classification: z.enum(CLASSIFICATIONS), reason: text(2000) });
/** `GET /tickets/{id}/reclassification/preview?classification=`: what reclassifying would do. */
export const reclassificationPreviewQuery = z.strictObject({ classification: z.enum(CLASSIFICATIONS) });
/** `GET /attention`: tickets a supervisor has to look at, newest flag first. */
export const attentionQuery = z.strictObject(pageQuery);
/** An internal note: staff only, never shown to a customer (`POST /tickets/{id}/notes`). */
export const ticketNoteBody = z.strictObject({ body: text(10_000), revision: seenRevision });

/** `GET /queue`: the technicians' queue, filtered (each optional, all together). */
export const queueQuery = z.strictObject({
  status: z.optional(z.enum(QUEUE_STATUSES)),
  /** One account. */
  customerId: z.optional(text(64)),
  category: z.optional(z.enum(CATEGORY_IDS)),
  /** The state of the clock the ticket races now (first response, then resolution). */
  sla: z.optional(z.enum(QUEUE_SLA_STATES)),
  ...pageQuery,
});

const slaTargetsBody = z.strictObject({ firstResponseMinutes: wholeMinutes(SLA_MAX_MINUTES), resolutionMinutes: wholeMinutes(SLA_MAX_MINUTES) });

/** `PUT /finance/sla`: the targets of every category at once (whole minutes; resolution ≥ first response) and the at-risk share. */
export const slaSettingsBody = z.strictObject({
  targets: z.strictObject(Object.fromEntries(CATEGORY_IDS.map((id) => [id, slaTargetsBody])) as Record<(typeof CATEGORY_IDS)[number], typeof slaTargetsBody>),
  atRiskPercent: z.int().check(z.minimum(1), z.maximum(99)),
});
