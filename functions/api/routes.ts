import type { Role } from '#core/roles';

/**
 * The one route table. The CDK `HttpApiRoutes` construct builds one Lambda + one HTTP API route from each
 * entry; the local gateway (`infra/local/gateway.ts`) mounts the same entries in-process. Nothing else
 * lists routes.
 *
 * - `handler`: the file `functions/api/<handler>.ts`, which exports `handler`.
 * - `auth`: `'public'` (no token) or the roles allowed. The JWT authorizer checks the token; the handler
 *   finds the user record of the token's `sub` and checks the record's role (not the token's groups,
 *   which are stale after a role change), so the same check runs on AWS and locally.
 * - `access`: what the function may touch; the function construct turns each into a least-privilege grant.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Access =
  | 'table:read'
  | 'table:write'
  | 'users:admin'
  | 'workflow:start'
  | 'workflow:signal'
  /** Whether an execution of the ticket workflow runs (DescribeExecution). */
  | 'workflow:inspect'
  | 'exports:read'
  | 'exports:write'
  | 'email:send'
  /** Signing list cursors (the routes that page). */
  | 'cursors:sign'
  /** The login settings the portal reads (pool, client, public endpoints). */
  | 'auth:config';

export interface RouteSpec {
  method: HttpMethod;
  path: string;
  handler: string;
  auth: 'public' | readonly Role[];
  access: readonly Access[];
  /** One line for the OpenAPI document. */
  summary: string;
}

const ANY_USER = ['customer', 'technician', 'supervisor', 'finance', 'admin'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];
const CUSTOMER = ['customer'] as const satisfies readonly Role[];
/** Who works tickets. */
const TECHNICIANS = ['technician', 'supervisor'] as const satisfies readonly Role[];
const SUPERVISORS = ['supervisor'] as const satisfies readonly Role[];
/** Who reads any account's hours (with `?customerId=`). */
const HOURS_STAFF = ['finance', 'admin'] as const satisfies readonly Role[];
/** Customers read their own hours; finance and admin anyone's. */
const HOURS_READERS = ['customer', 'finance', 'admin'] as const satisfies readonly Role[];
/** Who writes on a ticket: its account's customer users and the technicians. */
const TICKET_PARTIES = ['customer', 'technician', 'supervisor'] as const satisfies readonly Role[];

export const routes = [
  { method: 'GET', path: '/health', handler: 'get-health', auth: 'public', access: [], summary: 'Liveness' },
  { method: 'GET', path: '/config.json', handler: 'get-config', auth: 'public', access: ['auth:config'], summary: 'What the portal needs to log in' },
  { method: 'GET', path: '/openapi.json', handler: 'get-openapi', auth: 'public', access: [], summary: 'This API as OpenAPI 3.1' },
  { method: 'GET', path: '/categories', handler: 'list-categories', auth: ANY_USER, access: ['table:read'], summary: 'The request categories and what each is expected to cost' },
  { method: 'GET', path: '/me', handler: 'get-me', auth: ANY_USER, access: ['table:read'], summary: 'The caller, and its customer account with its balance' },
  { method: 'POST', path: '/admin/customers', handler: 'create-customer', auth: ADMIN, access: ['table:write'], summary: 'Create a customer account and grant its free bank' },
  { method: 'POST', path: '/admin/users', handler: 'create-user', auth: ADMIN, access: ['table:read', 'table:write', 'users:admin'], summary: 'Create a user in Cognito, in its role group, linked to its account' },
  { method: 'POST', path: '/tickets', handler: 'create-ticket', auth: CUSTOMER, access: ['table:read', 'table:write', 'workflow:start'], summary: 'Open a ticket for the caller’s account (honours Idempotency-Key)' },
  { method: 'GET', path: '/tickets', handler: 'list-tickets', auth: ANY_USER, access: ['table:read', 'cursors:sign'], summary: 'Tickets newest first: the own account, or for staff every account (?customerId=, ?status=)' },
  { method: 'GET', path: '/tickets/{id}', handler: 'get-ticket', auth: ANY_USER, access: ['table:read', 'cursors:sign'], summary: 'One ticket, by id or number, with its messages and time logs' },
  { method: 'POST', path: '/tickets/{id}/messages', handler: 'create-ticket-message', auth: TICKET_PARTIES, access: ['table:read', 'table:write'], summary: 'Write on a ticket; the first staff message starts the work' },
  { method: 'POST', path: '/tickets/{id}/worklogs', handler: 'create-worklog', auth: TECHNICIANS, access: ['table:read', 'table:write'], summary: 'Log whole minutes of work, remote or on site' },
  { method: 'POST', path: '/incidents', handler: 'create-incident', auth: TECHNICIANS, access: ['table:read', 'table:write'], summary: 'Declare a network incident on some accounts' },
  { method: 'POST', path: '/incidents/{id}/close', handler: 'close-incident', auth: TECHNICIANS, access: ['table:read', 'table:write'], summary: 'Close a network incident' },
  { method: 'GET', path: '/balance', handler: 'get-balance', auth: HOURS_READERS, access: ['table:read'], summary: 'Free, package and this month’s consuntivo minutes of the own account (finance/admin: ?customerId=)' },
  { method: 'GET', path: '/ledger', handler: 'list-ledger', auth: HOURS_READERS, access: ['table:read', 'cursors:sign'], summary: 'Ledger entries newest first, ?from= ?to= (finance/admin: ?customerId=)' },
  { method: 'GET', path: '/packages', handler: 'list-packages', auth: ANY_USER, access: ['table:read'], summary: 'Packages on sale, and the one that fits the account’s consumption' },
  { method: 'POST', path: '/packages/orders', handler: 'create-package-order', auth: CUSTOMER, access: ['table:read', 'table:write'], summary: 'Buy a package: its hours at once, its price on the next invoice (honours Idempotency-Key)' },
  { method: 'POST', path: '/admin/customers/{id}/grants', handler: 'create-grant', auth: ADMIN, access: ['table:read', 'table:write'], summary: 'Top up a customer’s free bank (honours Idempotency-Key)' },
  { method: 'GET', path: '/finance/packages', handler: 'list-catalogue', auth: HOURS_STAFF, access: ['table:read'], summary: 'The whole package catalogue, withdrawn packages included' },
  { method: 'PUT', path: '/finance/packages/{id}', handler: 'put-package', auth: HOURS_STAFF, access: ['table:read', 'table:write'], summary: 'Add or change a package of the catalogue' },
  { method: 'POST', path: '/tickets/{id}/resolution', handler: 'resolve-ticket', auth: TECHNICIANS, access: ['table:read', 'table:write', 'workflow:start', 'workflow:signal'], summary: 'Record the root cause and summary; the workflow attributes, settles, notifies and closes' },
  { method: 'POST', path: '/tickets/{id}/contest', handler: 'contest-ticket', auth: CUSTOMER, access: ['table:read', 'table:write'], summary: 'Contest a billable classification, once, with a reason' },
  { method: 'POST', path: '/tickets/{id}/contest/decision', handler: 'decide-contest', auth: SUPERVISORS, access: ['table:read', 'table:write', 'workflow:start'], summary: 'Accept (every minute flows back) or reject a contest' },
  { method: 'GET', path: '/finance/exports', handler: 'list-exports', auth: HOURS_STAFF, access: ['table:read', 'cursors:sign'], summary: 'Invoice exports, newest first' },
  { method: 'POST', path: '/finance/exports', handler: 'create-export', auth: HOURS_STAFF, access: ['table:write', 'exports:write'], summary: 'Export what is billable and not yet exported up to ?through (default: the end of the last closed month): 201 new, 200 existing' },
  { method: 'GET', path: '/finance/exports/{id}', handler: 'get-export', auth: HOURS_STAFF, access: ['table:read', 'exports:read'], summary: 'One export as CSV (Accept: text/csv) or JSON, the same lines: a 303 to a five-minute download link (?redirect=false: the link as JSON)' },
  { method: 'POST', path: '/admin/users/{username}/disable', handler: 'disable-user', auth: ADMIN, access: ['table:write', 'users:admin'], summary: 'Disable a user: refused on every route within a minute, whatever token it holds; no new login; refresh tokens revoked' },
  { method: 'POST', path: '/admin/users/{username}/enable', handler: 'enable-user', auth: ADMIN, access: ['table:write', 'users:admin'], summary: 'Let a disabled user log in and act again' },
  { method: 'PUT', path: '/admin/users/{username}/role', handler: 'change-user-role', auth: ADMIN, access: ['table:write', 'users:admin'], summary: 'Change a staff user’s staff role; its old rights end on every route within a minute' },
  { method: 'GET', path: '/tickets/{id}/messages', handler: 'list-ticket-messages', auth: ANY_USER, access: ['table:read', 'cursors:sign'], summary: 'A ticket’s messages newest first, past the latest ones the ticket carries (?cursor= from messagesNextCursor)' },
  { method: 'GET', path: '/tickets/{id}/worklogs', handler: 'list-ticket-worklogs', auth: ANY_USER, access: ['table:read', 'cursors:sign'], summary: 'A ticket’s time logs newest first, past the latest ones the ticket carries (?cursor= from worklogsNextCursor)' },
  { method: 'POST', path: '/tickets/{id}/workflow/rerun', handler: 'rerun-workflow', auth: SUPERVISORS, access: ['table:read', 'table:write', 'workflow:start', 'workflow:inspect'], summary: 'Run a stuck ticket’s workflow again (attention, or resolved with none running): a fresh execution, one debit and one email' },
  { method: 'GET', path: '/forecast', handler: 'get-forecast', auth: HOURS_READERS, access: ['table:read'], summary: 'When the prepaid hours run out, as a range from recent billable use, and package hours that will expire unused (finance/admin: ?customerId=)' },
  { method: 'PATCH', path: '/admin/customers/{id}', handler: 'update-customer', auth: ADMIN, access: ['table:write'], summary: 'Set (or, with null, remove) an account’s fiscal data for its invoice drafts; 400 names each bad field' },
  { method: 'GET', path: '/finance/einvoicing', handler: 'get-einvoicing-settings', auth: HOURS_STAFF, access: ['table:read'], summary: 'The ISP’s own fiscal data that the invoice drafts carry (404 until set)' },
  { method: 'PUT', path: '/finance/einvoicing', handler: 'put-einvoicing-settings', auth: HOURS_STAFF, access: ['table:write'], summary: 'Set the ISP’s fiscal data: VAT number, name, RegimeFiscale, address, REA, IBAN, transmitter, number series' },
  { method: 'GET', path: '/finance/exports/{id}/drafts', handler: 'list-export-drafts', auth: HOURS_STAFF, access: ['table:read', 'exports:read', 'cursors:sign'], summary: 'An export’s accounts by id: each with its FatturaPA drafts (number, date, file) or the fields that keep it from having one' },
  { method: 'GET', path: '/finance/exports/{id}/drafts.zip', handler: 'get-export-drafts-zip', auth: HOURS_STAFF, access: ['table:read', 'exports:read'], summary: 'Every draft of an export in one ZIP: a 303 to a five-minute download link (?redirect=false: the link as JSON)' },
  { method: 'GET', path: '/finance/exports/{id}/drafts/{file}', handler: 'get-export-draft', auth: HOURS_STAFF, access: ['table:read', 'exports:read'], summary: 'One draft (IT<transmitter>_<progressive>.xml): a 303 to a five-minute download link (?redirect=false: the link as JSON)' },
] as const satisfies readonly RouteSpec[];

export type RouteName = (typeof routes)[number]['handler'];
/** The routes anyone may call, with no token. */
export type PublicRouteName = Extract<(typeof routes)[number], { auth: 'public' }>['handler'];

/** The entry for one handler file; throws at cold start if the table and the file disagree. */
export function routeFor(handler: RouteName): RouteSpec {
  const found = routes.find((r) => r.handler === handler);
  if (!found) throw new Error(`no route for handler ${handler}`);
  return found;
}

/**
 * What answers a request that matches no route (`$default` on the HTTP API, the same handler locally):
 * 405 with `Allow` when the path exists under other methods, 404 otherwise, both as problem+json.
 */
export const fallbackRoute = { handler: 'not-found', access: [] as readonly Access[] } as const;

/** What every path parameter must be (ids, ticket numbers, package ids), checked by `httpHandler`. */
export const PATH_PARAM = /^[A-Za-z0-9_.-]{1,128}$/;
export const PATH_PARAM_RULE = 'must be 1–128 characters: letters, digits, _ . -';

/** `decodeURIComponent`, except that a malformed escape (`%zz`) leaves the text as sent, for `PATH_PARAM` to refuse. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Turns `/tickets/{id}` into a matcher that returns the path parameters, or undefined. */
export function pathMatcher(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const m = regex.exec(path);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodePathSegment(m[i + 1]!);
    });
    return params;
  };
}

const matchers = routes.map((r) => ({ route: r as RouteSpec, match: pathMatcher(r.path) }));

/** Finds the route for a method and path: the route and its parameters, or the methods the path allows. */
export function matchRoute(method: string, path: string): { route: RouteSpec; params: Record<string, string> } | { allow: string[] } {
  const allow: string[] = [];
  for (const { route, match } of matchers) {
    const params = match(path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allow.push(route.method);
  }
  return { allow };
}
