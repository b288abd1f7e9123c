import type * as z from 'zod/mini';
import { endpoints, type Endpoint, type OperationId } from './endpoints';
import type { ProblemStatus } from './problem';
import * as req from './requests';
import * as res from './responses';

/**
 * The operation table: every operation of the API with who may call it, what it takes and what it
 * answers. The server maps each to its handler (`functions/api/routes.ts`), the OpenAPI document and
 * `docs/api.md` are generated from it, and the typed client takes its types from it.
 *
 * - `auth`: `'public'` (no token) or the roles allowed; the caller's account always comes from the token.
 * - `body`, `query`: the request schemas; without one, a body or a query parameter is refused (400).
 * - `responses`: the success statuses and their body schemas (`null`: no body).
 * - `problems`: the problem statuses beyond those every operation has (`problemStatuses` adds 400; 401
 *   and 403 when it needs a token; 413 when it takes a body).
 *
 * Longer than 250 lines on purpose (issue 10 looked at splitting it and kept it whole): it is one table, one
 * entry per operation (58), read top to bottom, and most of its length is the entries' descriptions.
 * Being one `as const satisfies Record<OperationId, Operation>` object is what makes the compiler check that
 * every endpoint of `endpoints.ts` has exactly one entry; per-tag files spread back together would only be
 * checked after the merge, and the entries' order is the order of `docs/api.md` (`openapi.ts` walks it).
 * The schemas it names are split per concern (`requests/`, `responses/`). New operations go at its end.
 */
/** The statuses an operation answers when it did what was asked (303: see `Location`). */
export type SuccessStatus = 200 | 201 | 202 | 204 | 303;

export interface Operation extends Endpoint {
  /** More, when one line is not enough. */
  description?: string;
  tag: Tag;
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  responses: Partial<Record<SuccessStatus, z.ZodMiniType | null>>;
  problems?: readonly (404 | 409)[];
  /** Honours `Idempotency-Key`: the same key and body replay the first response; another body → 409. */
  idempotencyKey?: true;
  /**
   * A GET clients poll: `If-None-Match` naming the `ETag` of the copy they hold answers 304 with no body
   * while nothing changed. (Every GET's 200 JSON answer carries an `ETag` and honours `If-None-Match`;
   * this marks where the portal relies on it, and documents the 304 there.)
   */
  conditional?: true;
}

export const TAGS = {
  discovery: 'What a client reads before logging in, and the vocabulary',
  accounts: 'Customer accounts and users (admin)',
  tickets: 'Tickets: opened by customers, worked by technicians',
  incidents: 'Network incidents, which make the tickets they cover the provider’s',
  hours: 'The support-hours ledger: balances, entries, packages',
  finance: 'The package catalogue and the invoice exports',
} as const;
export type Tag = keyof typeof TAGS;

export const operations = {
  getHealth: { ...endpoints.getHealth, tag: 'discovery', responses: { 200: res.health } },
  getConfig: { ...endpoints.getConfig, tag: 'discovery', responses: { 200: res.portalConfig } },
  getOpenapi: { ...endpoints.getOpenapi, tag: 'discovery', responses: { 200: res.openApiDocument } },
  listCategories: { ...endpoints.listCategories, tag: 'discovery', responses: { 200: res.categories } },
  getMe: { ...endpoints.getMe, tag: 'accounts', responses: { 200: res.me } },
  createCustomer: {
    ...endpoints.createCustomer,
    tag: 'accounts',
    description: 'The free bank (default 300 minutes) is granted by the first ledger entry, in the same transaction.',
    body: req.createCustomerBody,
    responses: { 201: res.customer },
    problems: [409],
  },
  createUser: {
    ...endpoints.createUser,
    tag: 'accounts',
    description: '`customerId` is required for customers and refused for staff; with `password` it is set as permanent; with `temporaryPassword` the user must choose a new password at the first login (no email is sent: the admin hands it over); with neither, Cognito emails an invitation with a temporary password.',
    body: req.createUserBody,
    responses: { 201: res.user },
    problems: [409],
  },
  createTicket: {
    ...endpoints.createTicket,
    tag: 'tickets',
    description:
      'Starts the ticket’s workflow. `Location` names the new ticket. A billable category opened when the account has no free or package minutes left needs `consentToConsuntivo: true` (the hourly rate applies); without it the answer is a 400 naming `consentToConsuntivo` and nothing is written, not even the Idempotency-Key’s record. Given on a billable category, the consent is recorded on the ticket as `consuntivoConsent`.',
    body: req.createTicketBody,
    responses: { 201: res.ticket },
    problems: [409],
    idempotencyKey: true,
  },
  listTickets: {
    ...endpoints.listTickets,
    tag: 'tickets',
    description: 'The portal polls the first page with `If-None-Match`: 304 while nothing changed.',
    query: req.listTicketsQuery,
    responses: { 200: res.page(res.ticketSummary) },
    conditional: true,
  },
  getTicket: {
    ...endpoints.getTicket,
    tag: 'tickets',
    description: 'By id (`t_…`) or by number (`T-2026-000123`). Another account’s ticket is a 404, whatever `If-None-Match` says. The portal polls it with `If-None-Match`: 304 while nothing changed.',
    responses: { 200: res.ticket },
    problems: [404],
    conditional: true,
  },
  createTicketMessage: {
    ...endpoints.createTicketMessage,
    tag: 'tickets',
    body: req.ticketMessageBody,
    responses: { 201: res.message },
    problems: [404, 409],
  },
  createWorklog: {
    ...endpoints.createWorklog,
    tag: 'tickets',
    body: req.worklogBody,
    responses: { 201: res.worklog },
    problems: [404, 409],
  },
  createIncident: {
    ...endpoints.createIncident,
    tag: 'incidents',
    body: req.incidentBody,
    responses: { 201: res.incident },
  },
  closeIncident: { ...endpoints.closeIncident, tag: 'incidents', responses: { 200: res.incident }, problems: [404, 409] },
  getBalance: {
    ...endpoints.getBalance,
    tag: 'hours',
    query: req.balanceQuery,
    responses: { 200: res.balance },
    problems: [404],
  },
  listLedger: {
    ...endpoints.listLedger,
    tag: 'hours',
    query: req.ledgerQuery,
    responses: { 200: res.page(res.ledgerEntry) },
    problems: [404],
  },
  listPackages: {
    ...endpoints.listPackages,
    tag: 'hours',
    query: req.packagesQuery,
    responses: { 200: res.packageOffers },
    problems: [404],
  },
  createPackageOrder: {
    ...endpoints.createPackageOrder,
    tag: 'hours',
    body: req.packageOrderBody,
    responses: { 201: res.packageOrder },
    problems: [409],
    idempotencyKey: true,
  },
  createGrant: {
    ...endpoints.createGrant,
    tag: 'accounts',
    body: req.grantBody,
    responses: { 201: res.ledgerEntry },
    problems: [404, 409],
    idempotencyKey: true,
  },
  listCatalogue: { ...endpoints.listCatalogue, tag: 'finance', responses: { 200: res.catalogue } },
  putPackage: {
    ...endpoints.putPackage,
    tag: 'finance',
    description: 'The catalogue must keep its rules: every package below the standard rate, cheaper per hour as packages grow. A new price applies to orders from now on.',
    body: req.catalogueItemBody,
    responses: { 200: res.cataloguePackage },
  },
  resolveTicket: {
    ...endpoints.resolveTicket,
    tag: 'tickets',
    body: req.resolutionBody,
    responses: { 202: res.ticketSummary },
    problems: [404, 409],
  },
  contestTicket: {
    ...endpoints.contestTicket,
    tag: 'tickets',
    body: req.contestBody,
    responses: { 202: res.ticketSummary },
    problems: [404, 409],
  },
  decideContest: {
    ...endpoints.decideContest,
    tag: 'tickets',
    body: req.contestDecisionBody,
    responses: { 202: res.ticketSummary },
    problems: [404, 409],
  },
  listExports: { ...endpoints.listExports, tag: 'finance', query: req.exportsQuery, responses: { 200: res.page(res.exportSummary) } },
  createExport: {
    ...endpoints.createExport,
    tag: 'finance',
    description: '`through` is an ISO date or instant, not in the future, at least five minutes old (a bare date means 00:00 Europe/Rome). When nothing new is billable the latest export is answered with 200.',
    body: req.createExportBody,
    responses: { 201: res.exportSummary, 200: res.exportSummary },
  },
  getExport: {
    ...endpoints.getExport,
    tag: 'finance',
    description:
      '`Accept: text/csv` asks for the CSV file, anything else for the JSON file (`ExportFile`, the same lines). The answer is a 303 whose `Location` is a presigned download link that lives five minutes and takes no token, so a file of any size goes straight from storage to the client; its body carries the same link as JSON, with its expiry and the file’s SHA-256 (also `x-checksum-sha256`). `?redirect=false` answers that body as a 200 instead (a browser cannot read a cross-origin redirect’s target). A file that no longer matches the SHA-256 recorded when it was written is not served.',
    query: req.getExportQuery,
    responses: { 303: res.exportDownload, 200: res.exportDownload },
    problems: [404],
  },
  disableUser: {
    ...endpoints.disableUser,
    tag: 'accounts',
    description: 'The user’s tokens are refused on every route once the caller cache turns over (at most 60 s), tokens issued before stay refused after a re-enable, Cognito refuses new logins and revokes its refresh tokens. Again is a no-op; an admin cannot disable itself (409).',
    responses: { 200: res.user },
    problems: [404, 409],
  },
  enableUser: {
    ...endpoints.enableUser,
    tag: 'accounts',
    description: 'Cognito lets the user log in again, then the record says enabled. Again is a no-op.',
    responses: { 200: res.user },
    problems: [404],
  },
  changeUserRole: {
    ...endpoints.changeUserRole,
    tag: 'accounts',
    description: 'Staff roles only: a customer user is never made staff, nor staff a customer (409; give the person a new user and disable the old one). The new role is enforced from the user record at once, the Cognito groups label the tokens issued from then on.',
    body: req.userRoleBody,
    responses: { 200: res.user },
    problems: [404, 409],
  },
  listTicketMessages: {
    ...endpoints.listTicketMessages,
    tag: 'tickets',
    description: 'Another account’s ticket is a 404.',
    query: req.ticketHistoryQuery,
    responses: { 200: res.page(res.message) },
    problems: [404],
  },
  listTicketWorklogs: {
    ...endpoints.listTicketWorklogs,
    tag: 'tickets',
    description: 'Another account’s ticket is a 404.',
    query: req.ticketHistoryQuery,
    responses: { 200: res.page(res.worklog) },
    problems: [404],
  },
  rerunWorkflow: {
    ...endpoints.rerunWorkflow,
    tag: 'tickets',
    description: 'Allowed when the workflow gave up (`attention` with reason `failed`), or when the ticket waits for the workflow (`resolved`, or `contested` after an acceptance) and no execution of it runs. Refused (409, saying why) on a closed ticket, a ticket whose workflow runs, and one still being worked or waiting for a contest decision with nothing failed. Every step is idempotent, so a re-run converges: one debit, one email, closed once.',
    responses: { 202: res.ticketSummary },
    problems: [404, 409],
  },
  getForecast: {
    ...endpoints.getForecast,
    tag: 'hours',
    description: 'From the billable minutes of the last 12 complete weeks (Europe/Rome), resampled 1,000 times: the 10th, 50th and 90th percentile of the run-out day and of the weekly use, and the package minutes likely to expire unused. Fewer than 8 weeks of history, nothing prepaid or no consumption answer a `status` saying so instead of a range.',
    query: req.forecastQuery,
    responses: { 200: res.forecast },
    problems: [404],
  },
  updateCustomer: {
    ...endpoints.updateCustomer,
    tag: 'accounts',
    description:
      'Each field is checked on its own (check digits of the VAT number and the codice fiscale included), so a 400 names every bad field; `null` removes a field, an absent one is left as it is. The answer says whether the account is complete for an invoice draft (`draftReady`) and, if not, what is missing (a VAT number for a company, a CodiceDestinatario or a PEC…).',
    body: req.updateCustomerBody,
    responses: { 200: res.customerFiscalStatus },
    problems: [404],
  },
  getEinvoicingSettings: { ...endpoints.getEinvoicingSettings, tag: 'finance', responses: { 200: res.einvoicingSettings }, problems: [404] },
  putEinvoicingSettings: {
    ...endpoints.putEinvoicingSettings,
    tag: 'finance',
    description: 'All of it at once; a 400 names each bad field. The next export’s drafts carry it.',
    body: req.einvoicingSettingsBody,
    responses: { 200: res.einvoicingSettings },
  },
  listExportDrafts: {
    ...endpoints.listExportDrafts,
    tag: 'finance',
    description: 'Every export writes, per account, unsigned FatturaPA 1.2.2 drafts (FPR12): a TD01 for its charges and, when it has credits, a TD04 naming the invoices it corrects. An account whose fiscal data (or the ISP’s) is incomplete gets none: its item says which fields are missing. An export made before drafts existed is a 404.',
    query: req.exportDraftsQuery,
    responses: { 200: res.exportDrafts },
    problems: [404],
  },
  getExportDraftsZip: {
    ...endpoints.getExportDraftsZip,
    tag: 'finance',
    description: 'A 303 whose `Location` is a presigned link that lives five minutes and takes no token; its body carries the same link as JSON with the file’s SHA-256 (also `x-checksum-sha256`). `?redirect=false` answers that body as a 200. 404 when no account of the export has a draft.',
    query: req.draftFileQuery,
    responses: { 303: res.draftDownload, 200: res.draftDownload },
    problems: [404],
  },
  getExportDraft: {
    ...endpoints.getExportDraft,
    tag: 'finance',
    description: '`{file}` is a file name from the drafts list. A 303 to a five-minute presigned link, as for the ZIP (`?redirect=false`: the link as a 200 JSON).',
    query: req.draftFileQuery,
    responses: { 303: res.draftDownload, 200: res.draftDownload },
    problems: [404],
  },
  listIncidents: { ...endpoints.listIncidents, tag: 'incidents', query: req.incidentsQuery, responses: { 200: res.page(res.incidentListed) } },
  listAccountNames: { ...endpoints.listAccountNames, tag: 'incidents', query: req.accountNamesQuery, responses: { 200: res.page(res.accountName) } },
  reclassifyTicket: {
    ...endpoints.reclassifyTicket,
    tag: 'tickets',
    description:
      'The ticket must be closed and classified otherwise. It moves to `resolved` and its workflow runs a new round: attributed as asked (rule `supervisor-reclassified`), settled again as a new revision (billable → included gives back every minute; included → billable draws free → package → consuntivo), the customer emailed once, closed again. 202 with the ticket. Repeating the same request (same classification and reason) answers 200 and settles nothing again. 409 when the ticket is not closed, already has that classification, or the draw would reach the consuntivo without the customer’s consent.',
    body: req.reclassificationBody,
    responses: { 202: res.ticketSummary, 200: res.ticketSummary },
    problems: [404, 409],
  },
  previewReclassification: {
    ...endpoints.previewReclassification,
    tag: 'tickets',
    description: 'Read only. Computed by the ledger’s settle plan on the account’s buckets now, as the workflow would settle it.',
    query: req.reclassificationPreviewQuery,
    responses: { 200: res.reclassificationPreview },
    problems: [404, 409],
  },
  listAttention: { ...endpoints.listAttention, tag: 'tickets', query: req.attentionQuery, responses: { 200: res.page(res.ticketSummary) } },
  getIncident: {
    ...endpoints.getIncident,
    tag: 'incidents',
    description: 'What a ticket page shows of the incident the ticket was opened during: title, start, status and end, never the other accounts it covers. A customer asking for an incident that does not cover its account gets a 404.',
    responses: { 200: res.incidentNotice },
    problems: [404],
  },
  createTicketNote: {
    ...endpoints.createTicketNote,
    tag: 'tickets',
    description: 'Staff only. A note never reaches a customer: not in any ticket answer, email or export. It does not start the work (no first response). With `revision`, refused (409, `changes`) when the ticket moved since.',
    body: req.ticketNoteBody,
    responses: { 201: res.ticketNote },
    problems: [404, 409],
  },
  listTicketNotes: {
    ...endpoints.listTicketNotes,
    tag: 'tickets',
    query: req.ticketHistoryQuery,
    responses: { 200: res.page(res.ticketNote) },
    problems: [404],
  },
  getTicketContext: {
    ...endpoints.getTicketContext,
    tag: 'tickets',
    description: 'Only the account of a ticket the caller can see: a technician reads no other account’s hours this way.',
    responses: { 200: res.ticketContext },
    problems: [404],
  },
  previewResolution: {
    ...endpoints.previewResolution,
    tag: 'tickets',
    description: 'The same body as `POST /tickets/{id}/resolution`. Computed by the functions the workflow runs (attribution, billing policy, the ledger’s settle plan) on the ticket, its worklogs and the account’s buckets now; nothing is written. 409 on a ticket whose resolution is recorded, or when `revision` is stale.',
    body: req.resolutionBody,
    responses: { 200: res.resolutionPreview },
    problems: [404, 409],
  },
  listCustomers: {
    ...endpoints.listCustomers,
    tag: 'accounts',
    description: 'Ordered by name (case-insensitive), from one index partition: no Scan. `?q=` keeps the names that start with it. A renamed account moves to its new place at once.',
    query: req.customersQuery,
    responses: { 200: res.page(res.customer) },
  },
  getCustomer: {
    ...endpoints.getCustomer,
    tag: 'accounts',
    description: 'What `PATCH /admin/customers/{id}` answers, without changing anything: the form the admin edits starts from it.',
    responses: { 200: res.customerFiscalStatus },
    problems: [404],
  },
  listUsers: {
    ...endpoints.listUsers,
    tag: 'accounts',
    description: 'Ordered by username, from one index partition: no Scan. Disabled users are listed (`enabled: false`); a user whose username was given to someone else since is not. `?q=` keeps the usernames that start with it.',
    query: req.usersQuery,
    responses: { 200: res.page(res.user) },
  },
  listQueue: {
    ...endpoints.listQueue,
    tag: 'tickets',
    description:
      'Each ticket races one clock: its first response until a technician answers, then its resolution; resolution takes it out of the queue. Order: that clock’s due instant ascending (breached first, longest overdue first), then ticket id. `queue.slaState` is computed at the time of the answer (running, at_risk once `atRiskPercent` of the target has elapsed, breached past the due instant). `counts` cover the whole queue: `total` with every filter, `sla` with every filter but `sla`, `status` with every filter but `status`. Tickets opened before SLAs existed are not in the queue.',
    query: req.queueQuery,
    responses: { 200: res.queuePage },
    conditional: true,
  },
  getSlaSettings: { ...endpoints.getSlaSettings, tag: 'tickets', description: 'The defaults until finance or an admin saves targets.', responses: { 200: res.slaSettings } },
  putSlaSettings: {
    ...endpoints.putSlaSettings,
    tag: 'tickets',
    description: 'Every category at once; a 400 names each bad field (whole minutes from 1 to 525,600; resolution at least the first response) and nothing changes. Open tickets keep the targets they were opened with.',
    body: req.slaSettingsBody,
    responses: { 200: res.slaSettings },
  },
  listCustomerBalances: {
    ...endpoints.listCustomerBalances,
    tag: 'hours',
    description:
      'Reads every account (the `CUSTOMERS` index) and the buckets of each (free and this month’s consuntivo by BatchGetItem, packages by a Query where the account bought one; at most 32 requests in flight, at most 10,000 accounts), so any sort is over all accounts; `?q=` keeps the accounts whose name contains it (case-insensitive). Ties sort by name, then id. The cursor is a position in that order, so an account whose balance moves between two pages may appear on both or neither, never twice on one.',
    query: req.customerBalancesQuery,
    responses: { 200: res.page(res.customerBalance) },
  },
  putCustomerRate: {
    ...endpoints.putCustomerRate,
    tag: 'hours',
    description:
      'The account’s rate and the copy its ledger keeps on the free bucket change in one transaction, conditioned on both still holding the rate read, so a concurrent change cannot leave them apart (it is retried on the new value). Consuntivo minutes settled after the change are charged the new rate; minutes already settled keep theirs (a give-back credits what was charged). A ticket whose customer consented to consuntivo at a lower rate is never charged more than that rate.',
    body: req.customerRateBody,
    responses: { 200: res.customerRate },
    problems: [404],
  },
} as const satisfies Record<OperationId, Operation>;

export type Operations = typeof operations;

/** Every problem status an operation can answer, in order. */
export function problemStatuses(op: Operation): ProblemStatus[] {
  const out = new Set<ProblemStatus>([400, ...(op.auth === 'public' ? [] : ([401, 403] as const)), ...(op.problems ?? []), ...(op.body ? [413 as const] : [])]);
  return [...out].sort((a, b) => a - b);
}
