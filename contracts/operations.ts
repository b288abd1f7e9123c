import type * as z from 'zod/mini';
import { endpoints, type HttpMethod, type OperationId } from './endpoints';
import type { ProblemStatus } from './problem';
import * as req from './requests';
import * as res from './responses';
import type { Role } from './vocabulary';

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
 */
export interface Operation {
  method: HttpMethod;
  path: string;
  auth: 'public' | readonly Role[];
  /** One line. */
  summary: string;
  /** More, when one line is not enough. */
  description?: string;
  tag: Tag;
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  responses: Partial<Record<200 | 201 | 202 | 204, z.ZodMiniType | null>>;
  problems?: readonly (404 | 409)[];
  /** Honours `Idempotency-Key`: the same key and body replay the first response; another body → 409. */
  idempotencyKey?: true;
  /** Also answers `text/csv` when asked with `Accept: text/csv`. */
  csv?: true;
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

const ANY_USER = ['customer', 'technician', 'supervisor', 'finance', 'admin'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];
const CUSTOMER = ['customer'] as const satisfies readonly Role[];
/** Who works tickets. */
const TECHNICIANS = ['technician', 'supervisor'] as const satisfies readonly Role[];
const SUPERVISORS = ['supervisor'] as const satisfies readonly Role[];
/** Who reads any account's hours (with `?customerId=`) and keeps the catalogue and the exports. */
const HOURS_STAFF = ['finance', 'admin'] as const satisfies readonly Role[];
/** Customers read their own hours; finance and admin anyone's. */
const HOURS_READERS = ['customer', 'finance', 'admin'] as const satisfies readonly Role[];
/** Who writes on a ticket: its account's customer users and the technicians. */
const TICKET_PARTIES = ['customer', 'technician', 'supervisor'] as const satisfies readonly Role[];

/** The method and path of an operation, from `endpoints.ts` (their one definition). */
const at = <K extends OperationId>(id: K) => ({ method: endpoints[id][0], path: endpoints[id][1] }) as { method: (typeof endpoints)[K][0]; path: (typeof endpoints)[K][1] };

export const operations = {
  getHealth: { ...at('getHealth'), auth: 'public', tag: 'discovery', summary: 'Liveness', responses: { 200: res.health } },
  getConfig: { ...at('getConfig'), auth: 'public', tag: 'discovery', summary: 'What the portal needs to log in', responses: { 200: res.portalConfig } },
  getOpenapi: { ...at('getOpenapi'), auth: 'public', tag: 'discovery', summary: 'This API as OpenAPI 3.1', responses: { 200: res.openApiDocument } },
  listCategories: { ...at('listCategories'), auth: ANY_USER, tag: 'discovery', summary: 'The request categories and what each is expected to cost', responses: { 200: res.categories } },
  getMe: { ...at('getMe'), auth: ANY_USER, tag: 'accounts', summary: 'The caller, and its customer account with its balance', responses: { 200: res.me } },
  createCustomer: {
    ...at('createCustomer'),
    auth: ADMIN,
    tag: 'accounts',
    summary: 'Create a customer account and grant its free bank',
    description: 'The free bank (default 300 minutes) is granted by the first ledger entry, in the same transaction.',
    body: req.createCustomerBody,
    responses: { 201: res.customer },
    problems: [409],
  },
  createUser: {
    ...at('createUser'),
    auth: ADMIN,
    tag: 'accounts',
    summary: 'Create a user in Cognito, in its role group, linked to its account',
    description: '`customerId` is required for customers and refused for staff; with `password` it is set as permanent, otherwise Cognito invites.',
    body: req.createUserBody,
    responses: { 201: res.user },
    problems: [409],
  },
  createTicket: {
    ...at('createTicket'),
    auth: CUSTOMER,
    tag: 'tickets',
    summary: 'Open a ticket for the caller’s account (honours Idempotency-Key)',
    description: 'Starts the ticket’s workflow. `Location` names the new ticket.',
    body: req.createTicketBody,
    responses: { 201: res.ticket },
    problems: [409],
    idempotencyKey: true,
  },
  listTickets: {
    ...at('listTickets'),
    auth: ANY_USER,
    tag: 'tickets',
    summary: 'Tickets newest first: the own account, or for staff every account (?customerId=, ?status=)',
    query: req.listTicketsQuery,
    responses: { 200: res.page(res.ticketSummary) },
  },
  getTicket: {
    ...at('getTicket'),
    auth: ANY_USER,
    tag: 'tickets',
    summary: 'One ticket, by id or number, with its messages and time logs',
    description: 'By id (`t_…`) or by number (`T-2026-000123`). Another account’s ticket is a 404.',
    responses: { 200: res.ticket },
    problems: [404],
  },
  createTicketMessage: {
    ...at('createTicketMessage'),
    auth: TICKET_PARTIES,
    tag: 'tickets',
    summary: 'Write on a ticket; the first staff message starts the work',
    body: req.ticketMessageBody,
    responses: { 201: res.message },
    problems: [404, 409],
  },
  createWorklog: {
    ...at('createWorklog'),
    auth: TECHNICIANS,
    tag: 'tickets',
    summary: 'Log whole minutes of work, remote or on site',
    body: req.worklogBody,
    responses: { 201: res.worklog },
    problems: [404, 409],
  },
  createIncident: {
    ...at('createIncident'),
    auth: TECHNICIANS,
    tag: 'incidents',
    summary: 'Declare a network incident on some accounts',
    body: req.incidentBody,
    responses: { 201: res.incident },
  },
  closeIncident: { ...at('closeIncident'), auth: TECHNICIANS, tag: 'incidents', summary: 'Close a network incident', responses: { 200: res.incident }, problems: [404, 409] },
  getBalance: {
    ...at('getBalance'),
    auth: HOURS_READERS,
    tag: 'hours',
    summary: 'Free, package and this month’s consuntivo minutes of the own account (finance/admin: ?customerId=)',
    query: req.balanceQuery,
    responses: { 200: res.balance },
    problems: [404],
  },
  listLedger: {
    ...at('listLedger'),
    auth: HOURS_READERS,
    tag: 'hours',
    summary: 'Ledger entries newest first, ?from= ?to= (finance/admin: ?customerId=)',
    query: req.ledgerQuery,
    responses: { 200: res.page(res.ledgerEntry) },
    problems: [404],
  },
  listPackages: {
    ...at('listPackages'),
    auth: ANY_USER,
    tag: 'hours',
    summary: 'Packages on sale, and the one that fits the account’s consumption',
    query: req.packagesQuery,
    responses: { 200: res.packageOffers },
    problems: [404],
  },
  createPackageOrder: {
    ...at('createPackageOrder'),
    auth: CUSTOMER,
    tag: 'hours',
    summary: 'Buy a package: its hours at once, its price on the next invoice (honours Idempotency-Key)',
    body: req.packageOrderBody,
    responses: { 201: res.packageOrder },
    problems: [409],
    idempotencyKey: true,
  },
  createGrant: {
    ...at('createGrant'),
    auth: ADMIN,
    tag: 'accounts',
    summary: 'Top up a customer’s free bank (honours Idempotency-Key)',
    body: req.grantBody,
    responses: { 201: res.ledgerEntry },
    problems: [404, 409],
    idempotencyKey: true,
  },
  listCatalogue: { ...at('listCatalogue'), auth: HOURS_STAFF, tag: 'finance', summary: 'The whole package catalogue, withdrawn packages included', responses: { 200: res.catalogue } },
  putPackage: {
    ...at('putPackage'),
    auth: HOURS_STAFF,
    tag: 'finance',
    summary: 'Add or change a package of the catalogue',
    description: 'The catalogue must keep its rules: every package below the standard rate, cheaper per hour as packages grow. A new price applies to orders from now on.',
    body: req.catalogueItemBody,
    responses: { 200: res.cataloguePackage },
  },
  resolveTicket: {
    ...at('resolveTicket'),
    auth: TECHNICIANS,
    tag: 'tickets',
    summary: 'Record the root cause and summary; the workflow attributes, settles, notifies and closes',
    body: req.resolutionBody,
    responses: { 202: res.ticketSummary },
    problems: [404, 409],
  },
  contestTicket: {
    ...at('contestTicket'),
    auth: CUSTOMER,
    tag: 'tickets',
    summary: 'Contest a billable classification, once, with a reason',
    body: req.contestBody,
    responses: { 202: res.ticketSummary },
    problems: [404, 409],
  },
  decideContest: {
    ...at('decideContest'),
    auth: SUPERVISORS,
    tag: 'tickets',
    summary: 'Accept (every minute flows back) or reject a contest',
    body: req.contestDecisionBody,
    responses: { 202: res.ticketSummary },
    problems: [404, 409],
  },
  listExports: { ...at('listExports'), auth: HOURS_STAFF, tag: 'finance', summary: 'Invoice exports, newest first', query: req.exportsQuery, responses: { 200: res.page(res.exportSummary) } },
  createExport: {
    ...at('createExport'),
    auth: HOURS_STAFF,
    tag: 'finance',
    summary: 'Export what is billable and not yet exported up to ?through (default: the end of the last closed month): 201 new, 200 existing',
    description: '`through` is an ISO date or instant, not in the future, at least five minutes old (a bare date means 00:00 Europe/Rome). When nothing new is billable the latest export is answered with 200.',
    body: req.createExportBody,
    responses: { 201: res.exportSummary, 200: res.exportSummary },
  },
  getExport: {
    ...at('getExport'),
    auth: HOURS_STAFF,
    tag: 'finance',
    summary: 'One export as CSV (Accept: text/csv) or JSON, the same lines',
    description: 'Served only if the file still matches the SHA-256 recorded when it was written, which is also sent as `x-checksum-sha256`.',
    responses: { 200: res.exportFile },
    problems: [404],
    csv: true,
  },
} as const satisfies Record<OperationId, Operation>;

export type Operations = typeof operations;

/** Every problem status an operation can answer, in order. */
export function problemStatuses(op: Operation): ProblemStatus[] {
  const out = new Set<ProblemStatus>([400, ...(op.auth === 'public' ? [] : ([401, 403] as const)), ...(op.problems ?? []), ...(op.body ? [413 as const] : [])]);
  return [...out].sort((a, b) => a - b);
}
