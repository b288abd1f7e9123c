import * as z from 'zod/mini';
import {
  ATTENTION_REASONS,
  BUCKETS,
  CATEGORY_IDS,
  CLASSIFICATIONS,
  CONTEST_STATUSES,
  DOCUMENT_TYPES,
  ENTRY_REASONS,
  INCIDENT_STATUSES,
  LOCALES,
  MESSAGE_AUTHORS,
  REASONS,
  ROLES,
  REGIMI_FISCALI,
  ROOT_CAUSES,
  RULES,
  SUBJECT_TYPES,
  TICKET_STATUSES,
  WORKLOG_KINDS,
  SLA_STATES,
  QUEUE_SLA_STATES,
  QUEUE_STATUSES,
} from './vocabulary';
import type { FieldError, Problem } from './problem';

/**
 * Response schemas: what each operation answers on success. They document the API (OpenAPI,
 * `docs/api.md`) and the typed client's results; tests parse every 2xx body with them, so a response
 * that drifts from its schema fails a test. Objects are not strict: the API may add fields (never drop
 * or rename them), and a client must ignore what it does not know. Times are ISO 8601 UTC strings,
 * durations integer minutes, money integer cents net of VAT.
 *
 * Longer than 250 lines for now: every response schema of the API, in the order of the operations. It is to
 * be split per concern (tickets, hours, exports, e-invoicing, accounts) with this file re-exporting them,
 * once the console's new responses have landed here (splitting it while five branches add to it would
 * make each of them conflict).
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
  /**
   * A 409 from a ticket's revision check: `{revision, status, messages[], worklogs[], notes[]?}` — the ticket's
   * revision and status now, and the messages, time logs and (staff only) internal notes written since the
   * revision sent, oldest first.
   */
  changes: z.optional(z.unknown()),
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

/** A network incident covering the caller's account now (`GET /me`; the portal's banner). */
export const openIncident = z.object({ id: z.string(), title: z.string(), startedAt: instant });

export const me = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  /** Customer users only: their account. */
  customer: z.optional(
    z.object({
      id: z.string(),
      name: z.string(),
      locale: z.enum(LOCALES),
      hourlyRateCents: cents,
      balance,
      /** The network incidents covering the account now (only ever the caller's own account's). */
      openIncidents: z.array(openIncident),
    }),
  ),
});

/** An address as FatturaPA writes it (`Sede`). */
export const postalAddress = z.object({
  street: z.string(),
  /** NumeroCivico. */
  number: z.optional(z.string()),
  cap: z.string(),
  comune: z.string(),
  /** Required in Italy. */
  provincia: z.optional(z.string()),
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
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
  /** Fiscal data for the invoice drafts (`PATCH /admin/customers/{id}`): every field optional until a draft needs it. */
  subjectType: z.optional(z.enum(SUBJECT_TYPES)),
  /** Denominazione: the name on the invoice. */
  legalName: z.optional(z.string()),
  /** Codice fiscale: 16 characters for a person, 11 digits for a company. */
  taxCode: z.optional(z.string()),
  address: z.optional(postalAddress),
  /** CodiceDestinatario (7 characters), or `0000000` with a PEC. */
  recipientCode: z.optional(z.string()),
  pec: z.optional(z.string()),
  /** Days from the invoice date to the due date (30 when absent). */
  paymentTermsDays: z.optional(z.int()),
  updatedAt: z.optional(instant),
});

/** One reason a draft cannot be made: the field (dotted path) and what is wrong with it. */
export const missingField = z.object({ field: z.string(), problem: z.string() });

/** `PATCH /admin/customers/{id}`: the account, and whether its fiscal data is complete for an invoice draft. */
export const customerFiscalStatus = z.extend(customer, {
  /** Whether the account's data is complete for an FPR12 draft (the ISP's own data aside). */
  draftReady: z.boolean(),
  /** Empty when `draftReady`. */
  missing: z.array(missingField),
});

/** The ISP's own fiscal data (CedentePrestatore and the transmitter), which every draft carries. */
export const einvoicingSettings = z.object({
  /** IT + partita IVA. */
  vatNumber: z.string(),
  taxCode: z.optional(z.string()),
  name: z.string(),
  regimeFiscale: z.enum(REGIMI_FISCALI),
  address: postalAddress,
  rea: z.optional(
    z.object({ office: z.string(), number: z.string(), shareCapitalCents: z.optional(cents), soleShareholder: z.optional(z.enum(['SU', 'SM'])), liquidation: z.enum(['LN', 'LS']) }),
  ),
  /** Where customers pay (ModalitaPagamento MP05, bank transfer). */
  iban: z.string(),
  /** IdTrasmittente: country and code of whoever transmits; it names the files. */
  transmitterId: z.string(),
  /** The invoice numbers' series: numbers are `<series>/<year>/<000001>`. */
  series: z.string(),
  updatedAt: z.optional(instant),
  updatedBy: z.optional(z.string()),
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
  /** A ticket's entries: the ticket's number (`T-2026-000123`), when the ticket is the account's. */
  ticketNumber: z.optional(z.string()),
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
  /** The export's FatturaPA drafts (absent on exports made before drafts existed): Σ TD01 − Σ TD04. */
  drafts: z.optional(
    z.object({
      /** Documents written (TD01 and TD04). */
      documentCount: z.int(),
      /** Documents not written for want of fiscal data (`GET /finance/exports/{id}/drafts` says which fields). */
      missingCount: z.int(),
      netCents: z.int(),
      vatCents: z.int(),
      totalCents: z.int(),
      /** The numbers taken: `series/year/first…last` (absent when no document was written). */
      numbers: z.optional(z.object({ series: z.string(), year: z.int(), first: z.int(), last: z.int() })),
    }),
  ),
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

/** One FatturaPA draft of an export (FPR12, unsigned): what it is, what it adds up to, its file. */
export const exportDraft = z.object({
  /** TD01 invoice, TD04 credit note. */
  type: z.enum(DOCUMENT_TYPES),
  /** `<series>/<year>/<000001>`. */
  number: z.string(),
  /** The document's date (Europe/Rome), `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** `IT<transmitter>_<progressive>.xml`: `GET /finance/exports/{id}/drafts/{file}`. */
  fileName: z.string(),
  lineCount: z.int(),
  netCents: cents,
  vatCents: cents,
  totalCents: cents,
  /** TD04: the invoices it corrects (number and date). */
  corrects: z.array(z.object({ number: z.string(), date: z.iso.date() })),
  /** What a person must do about the document (a corrected invoice to name by hand…). */
  notes: z.array(z.string()),
  sha256: z.string(),
  bytes: z.int(),
});

/** One account of an export: its drafts, and the documents it did not get with the fields missing. */
export const exportDraftAccount = z.object({
  customerId: z.string(),
  account: z.string(),
  drafts: z.array(exportDraft),
  missing: z.array(z.object({ type: z.enum(DOCUMENT_TYPES), lineCount: z.int(), fields: z.array(z.string()), problems: z.array(missingField) })),
});

/** `GET /finance/exports/{id}/drafts`: a page of the export's accounts (by customer id) with the drafts' totals. */
export const exportDrafts = z.object({
  exportId: z.string(),
  /** The drafts' date (Europe/Rome). */
  date: z.iso.date(),
  documentCount: z.int(),
  missingCount: z.int(),
  /** Σ TD01 − Σ TD04, equal to the export's CSV totals of the drafted accounts. */
  netCents: z.int(),
  vatCents: z.int(),
  totalCents: z.int(),
  numbers: z.optional(z.object({ series: z.string(), year: z.int(), first: z.int(), last: z.int() })),
  /** The path of every draft in one ZIP; `null` when the export has no draft. */
  zip: z.nullable(z.string()),
  items: z.array(exportDraftAccount),
  nextCursor: z.optional(z.string()),
});

/** A draft's or the drafts ZIP's download link (body of the 303, or the 200 with `?redirect=false`): five minutes, no token. */
export const draftDownload = z.object({
  /** The presigned link (also `Location` of the 303). */
  url: z.string(),
  expiresAt: instant,
  fileName: z.string(),
  /** The file's SHA-256 (hex), also `x-checksum-sha256`. */
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
/** One account in finance's list of balances (`GET /finance/customers`). */
export const customerBalance = z.object({
  id: z.string(),
  name: z.string(),
  hourlyRateCents: cents,
  freeMinutesRemaining: minutes,
  freeMinutesGranted: minutes,
  packageMinutesRemaining: minutes,
  consuntivoMinutesThisPeriod: minutes,
  consuntivoAmountCentsThisPeriod: cents,
});

/** `PUT /finance/customers/{id}/rate`: the rate now, the one it replaced, and from when it applies. */
export const customerRate = z.object({
  id: z.string(),
  hourlyRateCents: cents,
  previousHourlyRateCents: cents,
  /** When the change committed: consuntivo settled from then on is charged the new rate. */
  changedAt: instant,
});

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
export type OpenIncident = z.infer<typeof openIncident>;
export type PostalAddress = z.infer<typeof postalAddress>;
export type CustomerFiscalStatus = z.infer<typeof customerFiscalStatus>;
export type EInvoicingSettings = z.infer<typeof einvoicingSettings>;
export type ExportDraft = z.infer<typeof exportDraft>;
export type ExportDraftAccount = z.infer<typeof exportDraftAccount>;
export type ExportDrafts = z.infer<typeof exportDrafts>;
export type DraftDownload = z.infer<typeof draftDownload>;

/** An incident in `GET /incidents`: with the names of the accounts it covers. */
export const incidentListed = z.extend(incident, { accounts: z.array(z.object({ id: z.string(), name: z.string() })) });
export type IncidentListed = z.infer<typeof incidentListed>;

/** An account's id and name: what staff pick accounts by (`GET /staff/accounts`). */
export const accountName = z.object({ id: z.string(), name: z.string() });
export type AccountName = z.infer<typeof accountName>;

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

/** One incident as anyone it concerns may read it (`GET /incidents/{id}`): no accounts, no staff names. */
export const incidentNotice = z.object({ id: z.string(), title: z.string(), startedAt: instant, status: z.enum(INCIDENT_STATUSES), closedAt: z.optional(instant) });
export type IncidentNotice = z.infer<typeof incidentNotice>;
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
export type SlaClock = z.infer<typeof slaClock>;
export type CustomerBalance = z.infer<typeof customerBalance>;
export type CustomerRate = z.infer<typeof customerRate>;
