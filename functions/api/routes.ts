import { endpoints, type HttpMethod, type OperationId } from '#contracts/endpoints';
import type { Role } from '#contracts/vocabulary';

/**
 * The one route table: each operation of the API (`contracts/endpoints.ts`: method, path, roles;
 * `contracts/operations.ts` adds what it takes and answers) mapped to the handler that serves it and what
 * that handler may touch. The CDK `HttpApiRoutes` construct builds one Lambda + one HTTP API route from
 * each entry; the local gateway (`infra/local/gateway.ts`) mounts the same entries in-process. Nothing
 * else lists routes.
 *
 * - `handler`: the file `functions/api/<handler>.ts`, which exports `handler` (the kebab-case of the
 *   operation id).
 * - `auth`: from the operation: `'public'` (no token) or the roles allowed. The JWT authorizer checks the
 *   token; the handler finds the user record of the token's `sub` and checks the record's role (not the
 *   token's groups, which are stale after a role change), so the same check runs on AWS and locally.
 * - `access`: what the function may touch; the function construct turns each into a least-privilege grant.
 *
 * A new route: its operation goes at the end of `contracts/endpoints.ts` and `contracts/operations.ts`,
 * its entry at the end of this table.
 */
export type { HttpMethod } from '#contracts/endpoints';

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
  /** The operation this route serves (`contracts/operations.ts`). */
  operationId: OperationId;
  method: HttpMethod;
  path: string;
  handler: string;
  auth: 'public' | readonly Role[];
  access: readonly Access[];
  /** One line for the OpenAPI document. */
  summary: string;
}

/**
 * The part of a route the contract defines: operation id, method, path, roles and summary, from
 * `contracts/endpoints.ts`, which holds no schema (a handler's bundle carries only its own).
 */
const operation = <K extends OperationId>(operationId: K) => ({ operationId, ...endpoints[operationId] }) as { operationId: K } & (typeof endpoints)[K];

export const routes = [
  { ...operation('getHealth'), handler: 'get-health', access: [] },
  { ...operation('getConfig'), handler: 'get-config', access: ['auth:config'] },
  { ...operation('getOpenapi'), handler: 'get-openapi', access: [] },
  { ...operation('listCategories'), handler: 'list-categories', access: ['table:read'] },
  { ...operation('getMe'), handler: 'get-me', access: ['table:read'] },
  { ...operation('createCustomer'), handler: 'create-customer', access: ['table:write'] },
  { ...operation('createUser'), handler: 'create-user', access: ['table:read', 'table:write', 'users:admin'] },
  { ...operation('createTicket'), handler: 'create-ticket', access: ['table:read', 'table:write', 'workflow:start'] },
  { ...operation('listTickets'), handler: 'list-tickets', access: ['table:read', 'cursors:sign'] },
  { ...operation('getTicket'), handler: 'get-ticket', access: ['table:read', 'cursors:sign'] },
  { ...operation('createTicketMessage'), handler: 'create-ticket-message', access: ['table:read', 'table:write'] },
  { ...operation('createWorklog'), handler: 'create-worklog', access: ['table:read', 'table:write'] },
  { ...operation('createIncident'), handler: 'create-incident', access: ['table:read', 'table:write'] },
  { ...operation('closeIncident'), handler: 'close-incident', access: ['table:read', 'table:write'] },
  { ...operation('getBalance'), handler: 'get-balance', access: ['table:read'] },
  { ...operation('listLedger'), handler: 'list-ledger', access: ['table:read', 'cursors:sign'] },
  { ...operation('listPackages'), handler: 'list-packages', access: ['table:read'] },
  { ...operation('createPackageOrder'), handler: 'create-package-order', access: ['table:read', 'table:write'] },
  { ...operation('createGrant'), handler: 'create-grant', access: ['table:read', 'table:write'] },
  { ...operation('listCatalogue'), handler: 'list-catalogue', access: ['table:read'] },
  { ...operation('putPackage'), handler: 'put-package', access: ['table:read', 'table:write'] },
  { ...operation('resolveTicket'), handler: 'resolve-ticket', access: ['table:read', 'table:write', 'workflow:start', 'workflow:signal'] },
  { ...operation('contestTicket'), handler: 'contest-ticket', access: ['table:read', 'table:write'] },
  { ...operation('decideContest'), handler: 'decide-contest', access: ['table:read', 'table:write', 'workflow:start'] },
  { ...operation('listExports'), handler: 'list-exports', access: ['table:read', 'cursors:sign'] },
  { ...operation('createExport'), handler: 'create-export', access: ['table:write', 'exports:write'] },
  { ...operation('getExport'), handler: 'get-export', access: ['table:read', 'exports:read'] },
  { ...operation('disableUser'), handler: 'disable-user', access: ['table:write', 'users:admin'] },
  { ...operation('enableUser'), handler: 'enable-user', access: ['table:write', 'users:admin'] },
  { ...operation('changeUserRole'), handler: 'change-user-role', access: ['table:write', 'users:admin'] },
  { ...operation('listTicketMessages'), handler: 'list-ticket-messages', access: ['table:read', 'cursors:sign'] },
  { ...operation('listTicketWorklogs'), handler: 'list-ticket-worklogs', access: ['table:read', 'cursors:sign'] },
  { ...operation('rerunWorkflow'), handler: 'rerun-workflow', access: ['table:read', 'table:write', 'workflow:start', 'workflow:inspect'] },
  { ...operation('getForecast'), handler: 'get-forecast', access: ['table:read'] },
  { ...operation('updateCustomer'), handler: 'update-customer', access: ['table:write'] },
  { ...operation('getEinvoicingSettings'), handler: 'get-einvoicing-settings', access: ['table:read'] },
  { ...operation('putEinvoicingSettings'), handler: 'put-einvoicing-settings', access: ['table:write'] },
  { ...operation('listExportDrafts'), handler: 'list-export-drafts', access: ['table:read', 'exports:read', 'cursors:sign'] },
  { ...operation('getExportDraftsZip'), handler: 'get-export-drafts-zip', access: ['table:read', 'exports:read'] },
  { ...operation('getExportDraft'), handler: 'get-export-draft', access: ['table:read', 'exports:read'] },
  { ...operation('listIncidents'), handler: 'list-incidents', access: ['table:read', 'cursors:sign'] },
  { ...operation('listAccountNames'), handler: 'list-account-names', access: ['table:read', 'cursors:sign'] },
  { ...operation('reclassifyTicket'), handler: 'reclassify-ticket', access: ['table:read', 'table:write', 'workflow:start'] },
  { ...operation('previewReclassification'), handler: 'preview-reclassification', access: ['table:read'] },
  { ...operation('listAttention'), handler: 'list-attention', access: ['table:read', 'table:write', 'cursors:sign'] },
  { ...operation('getIncident'), handler: 'get-incident', access: ['table:read'] },
  { ...operation('createTicketNote'), handler: 'create-ticket-note', access: ['table:read', 'table:write'] },
  { ...operation('listTicketNotes'), handler: 'list-ticket-notes', access: ['table:read', 'cursors:sign'] },
  { ...operation('getTicketContext'), handler: 'get-ticket-context', access: ['table:read'] },
  { ...operation('previewResolution'), handler: 'preview-resolution', access: ['table:read'] },
  { ...operation('listCustomers'), handler: 'list-customers', access: ['table:read', 'cursors:sign'] },
  { ...operation('getCustomer'), handler: 'get-customer', access: ['table:read'] },
  { ...operation('listUsers'), handler: 'list-users', access: ['table:read', 'cursors:sign'] },
  { ...operation('listQueue'), handler: 'list-queue', access: ['table:read', 'cursors:sign'] },
  { ...operation('getSlaSettings'), handler: 'get-sla-settings', access: ['table:read'] },
  { ...operation('putSlaSettings'), handler: 'put-sla-settings', access: ['table:write'] },
  { ...operation('listCustomerBalances'), handler: 'list-customer-balances', access: ['table:read', 'cursors:sign'] },
  { ...operation('putCustomerRate'), handler: 'put-customer-rate', access: ['table:read', 'table:write'] },
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

/** What every path parameter must be: `#shared/http` checks it before a handler runs. */
export { PATH_PARAM, PATH_PARAM_RULE } from '#shared/http';

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
