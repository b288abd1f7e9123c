import * as z from 'zod/mini';
import { CATEGORY_IDS, QUEUE_SLA_STATES, QUEUE_STATUSES } from '../vocabulary';
import { instant, minutes } from './scalars';
import { ticketSummary } from './tickets';

/** The technicians' queue and the SLA settings. Re-exported by `../responses.ts`. */

/** A ticket in the queue: the ticket, and the clock it races now (its place in the order). */
export const queueItem = z.extend(ticketSummary, {
  queue: z.object({ dueAt: instant, slaState: z.enum(QUEUE_SLA_STATES) }),
});

const countsOf = <T extends readonly [string, ...string[]]>(values: T) => z.object(Object.fromEntries(values.map((v) => [v, z.int()])) as Record<T[number], z.ZodMiniInt>);

/** `GET /queue`: a page of the queue, most urgent first, with counts over the whole queue. */
export const queuePage = z.object({
  items: z.array(queueItem),
  nextCursor: z.optional(z.string()),
  counts: z.object({
    /** Tickets matching every filter. */
    total: z.int(),
    /** Per SLA state, with every filter but `sla`. */
    sla: countsOf(QUEUE_SLA_STATES),
    /** Per status, with every filter but `status`. */
    status: countsOf(QUEUE_STATUSES),
  }),
  /** The accounts with tickets in the queue, most first, each with its count (every filter but `customerId`); `name` for the page's accounts and as many others as one read fits. */
  accounts: z.array(z.object({ id: z.string(), name: z.optional(z.string()), count: z.int() })),
});

const slaTargets = z.object({ firstResponseMinutes: minutes, resolutionMinutes: minutes });

/** The SLA targets per category (whole minutes) and the at-risk share; `updatedAt`/`updatedBy` once saved. */
export const slaSettings = z.object({
  targets: z.object(Object.fromEntries(CATEGORY_IDS.map((id) => [id, slaTargets])) as Record<(typeof CATEGORY_IDS)[number], typeof slaTargets>),
  atRiskPercent: z.int(),
  updatedAt: z.optional(instant),
  updatedBy: z.optional(z.string()),
});
export type SlaSettings = z.infer<typeof slaSettings>;
export type QueuePage = z.infer<typeof queuePage>;
export type QueueItem = z.infer<typeof queueItem>;
