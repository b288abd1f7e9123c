import type { Role } from './vocabulary';

/**
 * Every operation of the API without its schemas: where it is (method, path), who may call it (`auth`:
 * `'public'`, no token, or the roles allowed) and one line on what it does. The server's route table and
 * the typed client need only this, so neither pays for the schemas (`operations.ts` adds them). Operation
 * ids are camelCase; the server's handler file is their kebab-case (`createTicket` → `create-ticket.ts`).
 * New operations go at the end.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  method: HttpMethod;
  path: `/${string}`;
  auth: 'public' | readonly Role[];
  /** One line. */
  summary: string;
}

const ANY_USER = ['customer', 'technician', 'supervisor', 'finance', 'admin'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];
const CUSTOMER = ['customer'] as const satisfies readonly Role[];
/** Who works tickets. */
const TECHNICIANS = ['technician', 'supervisor'] as const satisfies readonly Role[];
const SUPERVISORS = ['supervisor'] as const satisfies readonly Role[];
/** Staff who read incidents and account names (every staff role; never a customer). */
const STAFF_READERS = ['technician', 'supervisor', 'finance', 'admin'] as const satisfies readonly Role[];
/** Who reads any account's hours (with `?customerId=`) and keeps the catalogue and the exports. */
const HOURS_STAFF = ['finance', 'admin'] as const satisfies readonly Role[];
/** Customers read their own hours; finance and admin anyone's. */
const HOURS_READERS = ['customer', 'finance', 'admin'] as const satisfies readonly Role[];
/** Who writes on a ticket: its account's customer users and the technicians. */
const TICKET_PARTIES = ['customer', 'technician', 'supervisor'] as const satisfies readonly Role[];

export const endpoints = {
  getHealth: { method: 'GET', path: '/health', auth: 'public', summary: 'Liveness' },
  getConfig: { method: 'GET', path: '/config.json', auth: 'public', summary: 'What the portal needs to log in' },
  getOpenapi: { method: 'GET', path: '/openapi.json', auth: 'public', summary: 'This API as OpenAPI 3.1' },
  listCategories: { method: 'GET', path: '/categories', auth: ANY_USER, summary: 'The request categories and what each is expected to cost' },
  getMe: { method: 'GET', path: '/me', auth: ANY_USER, summary: 'The caller, and its customer account with its balance' },
  createCustomer: { method: 'POST', path: '/admin/customers', auth: ADMIN, summary: 'Create a customer account and grant its free bank' },
  createUser: { method: 'POST', path: '/admin/users', auth: ADMIN, summary: 'Create a user in Cognito, in its role group, linked to its account' },
  createTicket: { method: 'POST', path: '/tickets', auth: CUSTOMER, summary: 'Open a ticket for the caller’s account (honours Idempotency-Key)' },
  listTickets: { method: 'GET', path: '/tickets', auth: ANY_USER, summary: 'Tickets newest first: the own account, or for staff every account (?customerId=, ?status=)' },
  getTicket: { method: 'GET', path: '/tickets/{id}', auth: ANY_USER, summary: 'One ticket, by id or number, with its messages and time logs' },
  createTicketMessage: { method: 'POST', path: '/tickets/{id}/messages', auth: TICKET_PARTIES, summary: 'Write on a ticket; the first staff message starts the work' },
  createWorklog: { method: 'POST', path: '/tickets/{id}/worklogs', auth: TECHNICIANS, summary: 'Log whole minutes of work, remote or on site' },
  createIncident: { method: 'POST', path: '/incidents', auth: TECHNICIANS, summary: 'Declare a network incident on some accounts' },
  closeIncident: { method: 'POST', path: '/incidents/{id}/close', auth: TECHNICIANS, summary: 'Close a network incident' },
  getBalance: { method: 'GET', path: '/balance', auth: HOURS_READERS, summary: 'Free, package and this month’s consuntivo minutes of the own account (finance/admin: ?customerId=)' },
  listLedger: { method: 'GET', path: '/ledger', auth: HOURS_READERS, summary: 'Ledger entries newest first, ?from= ?to= (finance/admin: ?customerId=)' },
  listPackages: { method: 'GET', path: '/packages', auth: ANY_USER, summary: 'Packages on sale, and the one that fits the account’s consumption' },
  createPackageOrder: { method: 'POST', path: '/packages/orders', auth: CUSTOMER, summary: 'Buy a package: its hours at once, its price on the next invoice (honours Idempotency-Key)' },
  createGrant: { method: 'POST', path: '/admin/customers/{id}/grants', auth: ADMIN, summary: 'Top up a customer’s free bank (honours Idempotency-Key)' },
  listCatalogue: { method: 'GET', path: '/finance/packages', auth: HOURS_STAFF, summary: 'The whole package catalogue, withdrawn packages included' },
  putPackage: { method: 'PUT', path: '/finance/packages/{id}', auth: HOURS_STAFF, summary: 'Add or change a package of the catalogue' },
  resolveTicket: { method: 'POST', path: '/tickets/{id}/resolution', auth: TECHNICIANS, summary: 'Record the root cause and summary; the workflow attributes, settles, notifies and closes' },
  contestTicket: { method: 'POST', path: '/tickets/{id}/contest', auth: CUSTOMER, summary: 'Contest a billable classification, once, with a reason' },
  decideContest: { method: 'POST', path: '/tickets/{id}/contest/decision', auth: SUPERVISORS, summary: 'Accept (every minute flows back) or reject a contest' },
  listExports: { method: 'GET', path: '/finance/exports', auth: HOURS_STAFF, summary: 'Invoice exports, newest first' },
  createExport: { method: 'POST', path: '/finance/exports', auth: HOURS_STAFF, summary: 'Export what is billable and not yet exported up to ?through (default: the end of the last closed month): 201 new, 200 existing' },
  getExport: { method: 'GET', path: '/finance/exports/{id}', auth: HOURS_STAFF, summary: 'One export as CSV (Accept: text/csv) or JSON, the same lines: a 303 to a five-minute download link (?redirect=false: the link as JSON)' },
  disableUser: { method: 'POST', path: '/admin/users/{username}/disable', auth: ADMIN, summary: 'Disable a user: refused on every route within a minute, whatever token it holds; no new login; refresh tokens revoked' },
  enableUser: { method: 'POST', path: '/admin/users/{username}/enable', auth: ADMIN, summary: 'Let a disabled user log in and act again' },
  changeUserRole: { method: 'PUT', path: '/admin/users/{username}/role', auth: ADMIN, summary: 'Change a staff user’s staff role; its old rights end on every route within a minute' },
  listTicketMessages: { method: 'GET', path: '/tickets/{id}/messages', auth: ANY_USER, summary: 'A ticket’s messages newest first, past the latest ones the ticket carries (?cursor= from messagesNextCursor)' },
  listTicketWorklogs: { method: 'GET', path: '/tickets/{id}/worklogs', auth: ANY_USER, summary: 'A ticket’s time logs newest first, past the latest ones the ticket carries (?cursor= from worklogsNextCursor)' },
  rerunWorkflow: { method: 'POST', path: '/tickets/{id}/workflow/rerun', auth: SUPERVISORS, summary: 'Run a stuck ticket’s workflow again (attention, or resolved with none running): a fresh execution, one debit and one email' },
  getForecast: { method: 'GET', path: '/forecast', auth: HOURS_READERS, summary: 'When the prepaid hours run out, as a range from recent billable use, and package hours that will expire unused (finance/admin: ?customerId=)' },
  updateCustomer: { method: 'PATCH', path: '/admin/customers/{id}', auth: ADMIN, summary: 'Set (or, with null, remove) an account’s fiscal data for its invoice drafts; 400 names each bad field' },
  getEinvoicingSettings: { method: 'GET', path: '/finance/einvoicing', auth: HOURS_STAFF, summary: 'The ISP’s own fiscal data that the invoice drafts carry (404 until set)' },
  putEinvoicingSettings: { method: 'PUT', path: '/finance/einvoicing', auth: HOURS_STAFF, summary: 'Set the ISP’s fiscal data: VAT number, name, RegimeFiscale, address, REA, IBAN, transmitter, number series' },
  listExportDrafts: { method: 'GET', path: '/finance/exports/{id}/drafts', auth: HOURS_STAFF, summary: 'An export’s accounts by id: each with its FatturaPA drafts (number, date, file) or the fields that keep it from having one' },
  getExportDraftsZip: { method: 'GET', path: '/finance/exports/{id}/drafts.zip', auth: HOURS_STAFF, summary: 'Every draft of an export in one ZIP: a 303 to a five-minute download link (?redirect=false: the link as JSON)' },
  getExportDraft: { method: 'GET', path: '/finance/exports/{id}/drafts/{file}', auth: HOURS_STAFF, summary: 'One draft (IT<transmitter>_<progressive>.xml): a 303 to a five-minute download link (?redirect=false: the link as JSON)' },
  listIncidents: { method: 'GET', path: '/incidents', auth: STAFF_READERS, summary: 'Network incidents: the active ones first, then the closed, newest first, each with its accounts' },
  listAccountNames: { method: 'GET', path: '/staff/accounts', auth: STAFF_READERS, summary: 'Every account’s id and name, by name: what staff pick accounts by' },
  reclassifyTicket: { method: 'POST', path: '/tickets/{id}/reclassification', auth: SUPERVISORS, summary: 'Reclassify a closed ticket included ↔ billable with a reason: settled again, the customer told once' },
  previewReclassification: { method: 'GET', path: '/tickets/{id}/reclassification/preview', auth: SUPERVISORS, summary: 'What reclassifying a closed ticket would do: billable minutes and the buckets drawn or given back' },
  listAttention: { method: 'GET', path: '/attention', auth: SUPERVISORS, summary: 'Tickets whose workflow needs a supervisor (failed or overdue), newest flag first' },
  getIncident: { method: 'GET', path: '/incidents/{id}', auth: ANY_USER, summary: 'One incident’s title and times (a ticket opened during it shows it); customers only those covering their account' },
} as const satisfies Record<string, Endpoint>;

export type OperationId = keyof typeof endpoints;
