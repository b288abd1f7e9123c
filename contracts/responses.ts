import * as z from 'zod/mini';
import {
  ATTENTION_REASONS,
  BUCKETS,
  CATEGORY_IDS,
  CLASSIFICATIONS,
  CONTEST_STATUSES,
  ENTRY_REASONS,
  INCIDENT_STATUSES,
  LOCALES,
  MESSAGE_AUTHORS,
  REASONS,
  ROLES,
  ROOT_CAUSES,
  RULES,
  TICKET_STATUSES,
  WORKLOG_KINDS,
} from './vocabulary';
import type { FieldError, Problem } from './problem';

/**
 * Response schemas: what each operation answers on success. They document the API (OpenAPI,
 * `docs/api.md`) and the typed client's results; tests parse every 2xx body with them, so a response
 * that drifts from its schema fails a test. Objects are not strict: the API may add fields (never drop
 * or rename them), and a client must ignore what it does not know. Times are ISO 8601 UTC strings,
 * durations integer minutes, money integer cents net of VAT.
 */
const instant = z.string().check(z.iso.datetime());

/** The problem+json body of every error (`problem.ts` has its type and `ProblemError`). */
export const fieldError = z.object({ path: z.string(), message: z.string() }) satisfies z.ZodMiniType<FieldError>;
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.optional(z.array(fieldError)),
}) satisfies z.ZodMiniType<Problem>;
const minutes = z.int();
const cents = z.int();

/** `{items, nextCursor?}`: one page of a list; pass `nextCursor` back as `?cursor=` for the next. */
export const page = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

export const health = z.object({ status: z.literal('ok') });

export const portalConfig = z.object({
  apiBase: z.string(),
  cognito: z.object({ endpoint: z.string(), region: z.string(), userPoolId: z.string(), clientId: z.string() }),
});

/** An OpenAPI 3.1 document. */
export const openApiDocument = z.looseObject({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

export const category = z.object({ id: z.enum(CATEGORY_IDS), expected: z.enum(CLASSIFICATIONS), label: z.object({ it: z.string(), en: z.string() }) });
export const categories = z.array(category);

export const balance = z.object({
  freeMinutesRemaining: minutes,
  /** Σ grants of the free bank: what `freeMinutesRemaining` is out of (the portal's bar). */
  freeMinutesGranted: minutes,
  packageMinutesRemaining: minutes,
  /** Packages not yet expired, the one that expires first first; `minutesGranted` is the package's size, what `minutesRemaining` is out of. */
  packages: z.array(z.object({ id: z.string(), minutesRemaining: minutes, minutesGranted: minutes, expiresAt: instant })),
  consuntivoMinutesThisPeriod: minutes,
  consuntivoAmountCentsThisPeriod: cents,
  hourlyRateCents: cents,
});

export const me = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  /** Customer users only: their account. */
  customer: z.optional(z.object({ id: z.string(), name: z.string(), locale: z.enum(LOCALES), hourlyRateCents: cents, balance })),
});

export const customer = z.object({
  id: z.string(),
  name: z.string(),
  vatNumber: z.optional(z.string()),
  billingEmail: z.string(),
  locale: z.enum(LOCALES),
  hourlyRateCents: cents,
  freeMinutesGranted: minutes,
  createdAt: instant,
});

export const user = z.object({
  username: z.string(),
  sub: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  customerId: z.optional(z.string()),
  /** False once an admin disables the user: every route refuses its tokens and it cannot log in. */
  enabled: z.boolean(),
  createdAt: instant,
  /** The last change by an admin (disabled, enabled, new role). */
  updatedAt: z.optional(instant),
});

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
  /** Set when a supervisor has to look: a workflow step failed for good, or the findings are overdue. */
  attention: z.optional(z.object({ reason: z.enum(ATTENTION_REASONS), at: instant })),
});

export const worklog = z.object({ id: z.string(), ticketId: z.string(), at: instant, by: z.string(), minutes, kind: z.enum(WORKLOG_KINDS), note: z.string() });

export const message = z.object({ id: z.string(), ticketId: z.string(), at: instant, by: z.string(), author: z.enum(MESSAGE_AUTHORS), body: z.string() });

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
});

export const incident = z.object({
  id: z.string(),
  title: z.string(),
  customerIds: z.array(z.string()),
  startedAt: instant,
  status: z.enum(INCIDENT_STATUSES),
  declaredBy: z.string(),
  createdAt: instant,
  closedAt: z.optional(instant),
  closedBy: z.optional(z.string()),
});

/** An immutable ledger entry: signed whole minutes on one bucket (positive credits it). */
export const ledgerEntry = z.object({
  id: z.string(),
  customerId: z.string(),
  at: instant,
  bucket: z.enum(BUCKETS),
  packageId: z.optional(z.string()),
  /** Consuntivo entries: the month, `YYYY-MM` (Europe/Rome). */
  period: z.optional(z.string()),
  reason: z.enum(ENTRY_REASONS),
  minutes: z.int(),
  ticketId: z.optional(z.string()),
  revision: z.optional(z.int()),
  orderId: z.optional(z.string()),
  /** Purchases: the package's price, for the next invoice. */
  priceCents: z.optional(cents),
  /** Consuntivo entries: the account's rate when the minutes were taken. */
  hourlyRateCents: z.optional(cents),
  /** Consuntivo entries: positive owed, negative credited. */
  amountCents: z.optional(z.int()),
  note: z.optional(z.string()),
  by: z.optional(z.string()),
});

/** A package on sale. */
export const packageOffer = z.object({ id: z.string(), minutes, priceCents: cents, hourlyPriceCents: cents });
/** Why a package is recommended: about three months of the account's average monthly billable use, over how many months. */
export const packageRecommendation = z.object({ packageId: z.string(), averageMonthlyMinutes: minutes, months: z.int() });
/** `recommended` is the id of the package that fits the account's consumption; `recommendation` the same with the average behind it. */
export const packageOffers = z.object({ items: z.array(packageOffer), recommended: z.optional(z.string()), recommendation: z.optional(packageRecommendation) });

/** A package of the catalogue as finance keeps it. */
export const cataloguePackage = z.extend(packageOffer, { active: z.boolean() });
export const catalogue = z.object({ items: z.array(cataloguePackage) });

export const packageOrder = z.object({
  orderId: z.string(),
  package: z.object({ id: z.string(), catalogueId: z.string(), minutes, priceCents: cents, hourlyPriceCents: cents, orderedAt: instant, expiresAt: instant }),
  ledgerEntry,
});

const fileDigest = z.object({ sha256: z.string(), bytes: z.int() });

/** An invoice export: it holds the billable entries after `from` (the previous export's `through`) and before `through`. */
export const exportSummary = z.object({
  id: z.string(),
  from: z.optional(instant),
  through: instant,
  createdAt: instant,
  lineCount: z.int(),
  totalAmountCents: z.int(),
  totalVatCents: z.int(),
  csv: fileDigest,
  json: fileDigest,
});

/**
 * `GET /finance/exports/{id}`: the export and a download link for one of its files, which lives five
 * minutes and is fetched without the token (the file comes straight from storage, whatever its size).
 */
export const exportDownload = z.extend(exportSummary, {
  /** `csv` when asked with `Accept: text/csv`, `json` otherwise (`contracts/files.ts` describes both files). */
  format: z.enum(['csv', 'json']),
  /** The presigned link (also `Location` of the 303). */
  url: z.string(),
  expiresAt: instant,
  /** The file's SHA-256 (hex), also `x-checksum-sha256`: check the download against it. */
  sha256: z.string(),
  bytes: z.int(),
});

const weeksOfHistory = z.int();
const expiringUnused = z.object({
  packageId: z.string(),
  /** The median, over the simulated paths, of this package's minutes that expire unused. */
  minutes,
  expiresAt: instant,
});
/** A Rome date, `YYYY-MM-DD`; `null` when not before the forecast's horizon. */
const romeDate = z.nullable(z.iso.date());

/**
 * When the prepaid hours (free bank, then packages) run out, from the account's recent billable use
 * (`status: ok`), or why there is no range: too few weeks of history, nothing prepaid, no consumption.
 */
export const forecast = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    weeksOfHistory,
    /** Free + package minutes usable now. */
    prepaidMinutes: minutes,
    /** Percentiles of the simulated mean weekly use (whole minutes). */
    weeklyMinutes: z.object({ p10: minutes, p50: minutes, p90: minutes }),
    /** Rome dates of the 10th, 50th and 90th percentile of the run-out day. */
    runsOutBetween: z.object({ earliest: romeDate, median: romeDate, latest: romeDate }),
    /** The last day the simulation looks at (Rome date). */
    horizon: z.iso.date(),
    expiringUnused: z.array(expiringUnused),
  }),
  z.object({ status: z.literal('insufficient_history'), weeksOfHistory, weeksNeeded: z.int() }),
  z.object({ status: z.literal('nothing_prepaid') }),
  z.object({ status: z.literal('no_consumption'), weeksOfHistory, prepaidMinutes: minutes, expiringUnused: z.array(expiringUnused) }),
]);

/** One page of a list (`page(item)`'s type). */
export type Page<T> = { items: T[]; nextCursor?: string };

export type Health = z.infer<typeof health>;
export type PortalConfig = z.infer<typeof portalConfig>;
export type Category = z.infer<typeof category>;
export type Balance = z.infer<typeof balance>;
export type Me = z.infer<typeof me>;
export type Customer = z.infer<typeof customer>;
export type User = z.infer<typeof user>;
export type TicketSummary = z.infer<typeof ticketSummary>;
export type Ticket = z.infer<typeof ticket>;
export type Worklog = z.infer<typeof worklog>;
export type Message = z.infer<typeof message>;
export type Incident = z.infer<typeof incident>;
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export type PackageOffer = z.infer<typeof packageOffer>;
export type PackageOrder = z.infer<typeof packageOrder>;
export type ExportSummary = z.infer<typeof exportSummary>;
export type ExportDownload = z.infer<typeof exportDownload>;
export type PackageRecommendation = z.infer<typeof packageRecommendation>;
export type PackageOffers = z.infer<typeof packageOffers>;
export type Forecast = z.infer<typeof forecast>;
