import * as z from 'zod/mini';
import { capProblem, codiceFiscaleProblem, countryProblem, ibanProblem, pecProblem, provinciaProblem, recipientCodeProblem, vatNumberProblem } from './fiscal-codes';
import { CATEGORY_IDS, CLASSIFICATIONS, CONTEST_DECISIONS, LOCALES, MAX_INCIDENT_ACCOUNTS, PAGE_SIZE, PASSWORD_POLICY, REGIMI_FISCALI, ROLES, ROOT_CAUSES, STAFF_ROLES, SUBJECT_TYPES, TICKET_STATUSES, WORKLOG_KINDS, QUEUE_STATUSES, QUEUE_SLA_STATES, SLA_MAX_MINUTES } from './vocabulary';

/**
 * Request schemas: what each operation takes in its body and its query. The server parses every request
 * with them at the edge (`functions/shared/http.ts`), the OpenAPI document and `docs/api.md` are generated
 * from them, and the portal may check a form with them before sending. `zod/mini` keeps bundles small
 * (~16 KB against ~450 KB for classic zod). Every object is strict: an unknown field is a 400, so
 * `customerId`, `status`, `balance`… cannot be smuggled in.
 */

/** Trimmed text of `min`–`max` characters; lone surrogates are refused (half a character is never meant, and DynamoDB stores UTF-8). */
export const text = (max: number, min = 1) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max), z.refine((v: string) => v.isWellFormed(), 'must be well-formed Unicode text'));
/**
 * Text that may become an email subject or a CSV cell (a ticket subject, an incident title, an account
 * name): `text` on one line, with no control characters (C0, DEL, C1) nor Unicode line/paragraph separators,
 * so it can never add a header line to an email or a row to a file.
 */
export const oneLine = (max: number) =>
  text(max).check(z.refine((v: string) => !/[\p{Cc}\u2028\u2029]/u.test(v), 'must be one line without control characters'));
export const wholeMinutes = (max: number) => z.int().check(z.minimum(1), z.maximum(max));

/** `?limit=` (1–100, default 25) and `?cursor=`, as every list takes them. */
export const pageQuery = {
  limit: z.optional(
    z
      .pipe(z.string().check(z.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')), z.transform(Number))
      .check(z.refine((n: number) => n >= 1 && n <= PAGE_SIZE.max, 'must be from 1 to 100')),
  ),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
};
export const DEFAULT_PAGE_SIZE = PAGE_SIZE.default;

const password = z.string().check(
  z.minLength(PASSWORD_POLICY.minLength),
  z.maxLength(256),
  z.regex(/[a-z]/, 'must contain a lowercase letter'),
  z.regex(/[0-9]/, 'must contain a digit'),
);

export const createCustomerBody = z.strictObject({
  name: oneLine(200),
  vatNumber: z.optional(z.string().check(z.regex(/^[A-Z]{0,2}[0-9A-Z]{8,14}$/, 'must be a VAT number such as IT01234567890'))),
  billingEmail: z.email().check(z.maxLength(254)),
  locale: z.enum(LOCALES),
  freeMinutes: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
  hourlyRateCents: z.optional(z.int().check(z.minimum(0), z.maximum(10_000_000))),
});

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const createUserBody = z.strictObject({
  username: z.string().check(z.regex(USERNAME, 'must be 2–64 characters: lowercase letters, digits, . _ -')),
  email: z.email().check(z.maxLength(254)),
  role: z.enum(ROLES),
  customerId: z.optional(text(64)),
  password: z.optional(password),
  /** Set as temporary: at the first login the user must choose a new one (NEW_PASSWORD_REQUIRED); not with `password`. */
  temporaryPassword: z.optional(password),
});

/** The `{username}` of the admin user routes; matched case-insensitively, as the pool signs in. */
export const usernameParam = z.string().check(z.regex(new RegExp(USERNAME.source, 'i'), 'must be 2–64 characters: letters, digits, . _ -'));

/** Staff roles only: a customer user is never made staff, nor staff a customer (see `functions/core/accounts/user-admin.ts`). */
export const userRoleBody = z.strictObject({ role: z.enum(STAFF_ROLES) });

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

export const incidentBody = z.strictObject({
  title: oneLine(200),
  customerIds: z.array(text(64)).check(z.minLength(1), z.maxLength(MAX_INCIDENT_ACCOUNTS)),
  startedAt: z.optional(z.iso.datetime({ offset: true })),
});

/** `?customerId=`: finance and admin name an account; customers may only name their own. */
const accountQuery = { customerId: z.optional(text(64)) };

export const balanceQuery = z.strictObject(accountQuery);

/** An instant with its offset (`2026-11-01T00:00:00+01:00`), compared as the UTC instant it names. */
const instant = z.pipe(z.iso.datetime({ offset: true }), z.transform((v: string) => new Date(v).toISOString()));

export const ledgerQuery = z.strictObject({
  ...accountQuery,
  /** Entries at or after this instant. */
  from: z.optional(instant),
  /** Entries before this instant. */
  to: z.optional(instant),
  ...pageQuery,
});

export const packagesQuery = z.strictObject(accountQuery);

export const forecastQuery = z.strictObject(accountQuery);

export const packageOrderBody = z.strictObject({ packageId: text(64) });

/** A top-up of the free bank: whole minutes, at most 1,000 hours at once. */
export const grantBody = z.strictObject({ minutes: wholeMinutes(60_000), note: text(500) });

export const catalogueItemBody = z.strictObject({
  minutes: wholeMinutes(100_000),
  priceCents: z.int().check(z.minimum(0), z.maximum(100_000_000)),
  /** Withdrawn packages are not on sale; those bought stay valid. @default true */
  active: z.optional(z.boolean()),
});

/** Catalogue ids: `pkg_` and lowercase letters, digits, `_`. */
export const catalogueIdParam = z.string().check(z.regex(/^pkg_[a-z0-9_]{1,40}$/, 'must be pkg_ followed by lowercase letters, digits or _'));

export const resolutionBody = z.strictObject({ rootCause: z.enum(ROOT_CAUSES), summary: text(4000), revision: seenRevision });
export const contestBody = z.strictObject({ reason: text(2000) });
export const contestDecisionBody = z.strictObject({ decision: z.enum(CONTEST_DECISIONS), note: text(2000) });

/** `through` is checked by the server (a date, not in the future), so the message names the rule. */
export const createExportBody = z.optional(z.strictObject({ through: z.optional(z.string().check(z.maxLength(64))) }));
export const exportsQuery = z.strictObject(pageQuery);
/** A ticket's messages or worklogs: `?limit=` and `?cursor=` (from the ticket's `messagesNextCursor` / `worklogsNextCursor`). */
export const ticketHistoryQuery = z.strictObject(pageQuery);
/** `?redirect=false`: the download link as a 200 JSON body instead of a 303 (for browsers). @default true */
export const getExportQuery = z.strictObject({ redirect: z.optional(z.enum(['true', 'false'])) });

/** A string checked by one of `fiscal-codes.ts`: the 400 says what is wrong with it. */
const fiscalCode = (max: number, problemOf: (v: string) => string | undefined) =>
  z.string().check(
    // One message per field: the length, or else what the check finds.
    z.superRefine((v: string, ctx) => {
      const problem = v.length > max ? `must be at most ${max} characters` : problemOf(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: v });
    }),
  );

const postalAddress = z.strictObject({
  street: oneLine(60),
  number: z.optional(z.string().check(z.regex(/^[\x20-\x7e]{1,8}$/, 'must be 1–8 plain characters, such as 12/B'))),
  cap: fiscalCode(5, capProblem),
  comune: oneLine(60),
  provincia: z.optional(fiscalCode(2, provinciaProblem)),
  country: fiscalCode(2, countryProblem),
});

/**
 * `PATCH /admin/customers/{id}`: the account's fiscal data, each field checked on its own (checksums
 * included) so a 400 names every bad field; null removes a field. Completeness (a VAT number for a
 * company, a CodiceDestinatario or a PEC…) is what the drafts check, and the export reports.
 */
export const customerFiscalBody = z.strictObject({
  subjectType: z.optional(z.nullable(z.enum(SUBJECT_TYPES))),
  legalName: z.optional(z.nullable(oneLine(80))),
  vatNumber: z.optional(z.nullable(fiscalCode(30, vatNumberProblem))),
  taxCode: z.optional(z.nullable(fiscalCode(16, codiceFiscaleProblem))),
  address: z.optional(z.nullable(postalAddress)),
  recipientCode: z.optional(z.nullable(fiscalCode(7, recipientCodeProblem))),
  pec: z.optional(z.nullable(fiscalCode(256, pecProblem))),
  paymentTermsDays: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(365)))),
});

/** `PUT /finance/einvoicing`: the ISP's own fiscal data, all of it at once. */
export const einvoicingSettingsBody = z.strictObject({
  vatNumber: fiscalCode(13, (v) => (v.startsWith('IT') ? vatNumberProblem(v) : 'must be an Italian VAT number, IT and 11 digits')),
  taxCode: z.optional(fiscalCode(16, codiceFiscaleProblem)),
  name: oneLine(80),
  regimeFiscale: z.enum(REGIMI_FISCALI),
  address: postalAddress,
  rea: z.optional(
    z.strictObject({
      office: fiscalCode(2, provinciaProblem),
      number: z.string().check(z.regex(/^[\x20-\x7e]{1,20}$/, 'must be 1–20 plain characters')),
      shareCapitalCents: z.optional(z.int().check(z.minimum(0), z.maximum(1e13))),
      soleShareholder: z.optional(z.enum(['SU', 'SM'])),
      liquidation: z.enum(['LN', 'LS']),
    }),
  ),
  iban: fiscalCode(34, ibanProblem),
  transmitterId: z.string().check(z.regex(/^[A-Z]{2}[0-9A-Z]{1,28}$/, 'must be a country code and a code, such as IT01234567897')),
  series: z.string().check(z.regex(/^[A-Z0-9]{1,5}$/, 'must be 1–5 capital letters or digits')),
});

/** `GET /finance/exports/{id}/drafts`: a page of the export's accounts, each with its drafts or what is missing. */
export const exportDraftsQuery = z.strictObject(pageQuery);
/** `?redirect=false` on a draft or the ZIP, as on the export's files. */
export const draftFileQuery = getExportQuery;

/** `POST /tickets/{id}/reclassification`: the new classification and the reason the customer reads. */
export const reclassificationBody = z.strictObject({ classification: z.enum(CLASSIFICATIONS), reason: text(2000) });
/** `GET /tickets/{id}/reclassification/preview?classification=`: what reclassifying would do. */
export const reclassificationPreviewQuery = z.strictObject({ classification: z.enum(CLASSIFICATIONS) });
/** `GET /incidents`: active first, then closed, newest first within each. */
export const incidentsQuery = z.strictObject(pageQuery);
/** `GET /staff/accounts`: accounts by name. */
export const accountNamesQuery = z.strictObject(pageQuery);
/** `GET /attention`: tickets a supervisor has to look at, newest flag first. */
export const attentionQuery = z.strictObject(pageQuery);
/** An internal note: staff only, never shown to a customer (`POST /tickets/{id}/notes`). */
export const ticketNoteBody = z.strictObject({ body: text(10_000), revision: seenRevision });
/**
 * `PATCH /admin/customers/{id}` as the admin's form sends it: the fiscal fields above and the account's
 * name, billing email and locale (these three are never removed: no null). The hourly rate is not here:
 * it moves with the free bucket's rate in the ledger, on its own route.
 */
export const updateCustomerBody = z.extend(customerFiscalBody, {
  name: z.optional(oneLine(200)),
  billingEmail: z.optional(z.email().check(z.maxLength(254))),
  locale: z.optional(z.enum(LOCALES)),
});

/** `?q=`: the start of a name (customers) or a username (users), case-insensitive. */
const prefixQuery = { q: z.optional(text(100)) };
/** `GET /admin/customers`: accounts by name. */
export const customersQuery = z.strictObject({ ...prefixQuery, ...pageQuery });
/** `GET /admin/users`: users by username. */
export const usersQuery = z.strictObject({ ...prefixQuery, ...pageQuery });
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

/** What `GET /finance/customers` sorts by: the name, or a balance over every account. */
export const CUSTOMER_BALANCE_SORTS = ['name', 'free', 'package', 'consuntivo'] as const;
export type CustomerBalanceSort = (typeof CUSTOMER_BALANCE_SORTS)[number];

/** `GET /finance/customers`: `?sort=` (default name), `?order=` (default asc), `?q=` (name contains), a page. */
export const customerBalancesQuery = z.strictObject({
  sort: z.optional(z.enum(CUSTOMER_BALANCE_SORTS)),
  order: z.optional(z.enum(['asc', 'desc'])),
  q: z.optional(text(100)),
  ...pageQuery,
});

/** `PUT /finance/customers/{id}/rate`: the account's new hourly rate, whole cents net of VAT. */
export const customerRateBody = z.strictObject({
  hourlyRateCents: z.int().check(z.minimum(0), z.maximum(10_000_000)),
});
