import type * as z from 'zod/mini';
import { resolveCaller, type Caller, type CallerDirectory } from '#core/accounts/caller';
import { DomainError } from '#core/errors';
import type { Role } from '#core/accounts/roles';
import { openCursor, sealCursor, type CursorBinding, type CursorKey } from '#shared/cursors';
import { BASE_HEADERS, etagOf, json, noneMatch, parseWith, pathParameters, principalFrom, problem, problemFor, readBody, type HttpEvent, type HttpRequest, type HttpResponse, type HttpResult } from '#shared/http';
import { logger } from '#shared/logging';
import { routeFor, type PublicRouteName, type RouteName } from './routes';

/**
 * The HTTP edge every handler is built with, per route of the table (`routes.ts`): the caller from the
 * verified JWT's subject and its user record, the role check from the route table against that record's
 * role (never the token's groups), the parsing of `#shared/http`, cursors, conditional GETs, and the one
 * mapping of errors to RFC 9457 problem+json. A client mistake is never a 5xx, and nothing runs before it
 * is caught.
 */
export type HandlerOptions<R extends RouteName, B extends z.ZodMiniType | undefined, Q extends z.ZodMiniType | undefined> = {
  route: R;
  /** The body schema; without one, any non-empty body is refused. */
  body?: B;
  /** The query schema; without one, any query parameter is refused. */
  query?: Q;
  /**
   * A list route's signing key: `?cursor=` is opened (verified) before `fn` runs and a `nextCursor` in the
   * result is sealed on the way out (`cursors.ts`). A route that pages without one fails loudly.
   */
  cursorKey?: CursorKey;
  /**
   * Cursors of other list routes that this route's result carries (the ticket's `messagesNextCursor`
   * opens `GET /tickets/{id}/messages`): each field is sealed for that route, as its own `nextCursor` would be.
   */
  foreignCursors?: Record<string, RouteName>;
} & (R extends PublicRouteName
  ? { callers?: undefined }
  : {
      /** Where the caller's user record is found (every route that is not public). */
      callers: CallerDirectory;
    });

function requireKey(key: CursorKey | undefined): CursorKey {
  if (!key) throw new Error('this route pages but its handler was built without a cursorKey');
  return key;
}

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
/** A private route's handler always has its caller; a public one never does. */
type CallerOf<R extends RouteName> = R extends PublicRouteName ? undefined : Caller;

/**
 * Builds a Lambda handler for one route of the table. `fn` gets a parsed, authorised request and
 * returns a result; every thrown `DomainError` becomes its problem+json, anything else a logged 500.
 */
export function httpHandler<R extends RouteName, B extends z.ZodMiniType | undefined = undefined, Q extends z.ZodMiniType | undefined = undefined>(
  options: HandlerOptions<R, B, Q>,
  fn: (req: HttpRequest<Out<B>, Out<Q>, CallerOf<R>>) => Promise<HttpResult>,
): (event: HttpEvent) => Promise<HttpResponse> {
  const route = routeFor(options.route);
  const callers = options.callers as CallerDirectory | undefined;
  if (route.auth !== 'public' && !callers) throw new Error(`${route.method} ${route.path} needs a caller directory`);
  return async (event) => {
    try {
      const principal = principalFrom(event);
      let caller: Caller | undefined;
      if (route.auth !== 'public') {
        if (!principal) throw new DomainError('unauthorized', 'a valid bearer token is required');
        caller = await resolveCaller(principal, callers!);
        if (!(route.auth as readonly Role[]).includes(caller.role)) {
          throw new DomainError('forbidden', `${route.method} ${route.path} is not allowed for role ${caller.role}`);
        }
      }
      const path = pathParameters(event);
      const rawBody = readBody(event);
      let body: unknown = undefined;
      if (options.body) body = parseWith(options.body, rawBody, '', 'invalid body');
      else if (rawBody !== undefined && !(typeof rawBody === 'object' && rawBody !== null && !Array.isArray(rawBody) && Object.keys(rawBody).length === 0)) {
        throw new DomainError('invalid', `${route.method} ${route.path} takes no body`, [{ path: 'body', message: 'must be empty' }]);
      }
      const rawQuery = event.queryStringParameters ?? {};
      let query: unknown = undefined;
      if (options.query) query = parseWith(options.query, rawQuery, 'query', 'invalid query');
      else if (Object.keys(rawQuery).length > 0) {
        const errors = Object.keys(rawQuery).map((k) => ({ path: `query.${k}`, message: 'unknown parameter' }));
        throw new DomainError('invalid', `unknown query parameter(s): ${Object.keys(rawQuery).join(', ')}`, errors);
      }
      const binding: CursorBinding = { sub: principal?.sub ?? '', route: route.handler, query: rawQuery };
      const cursor = (query as { cursor?: unknown } | undefined)?.cursor;
      if (typeof cursor === 'string') (query as { cursor: string }).cursor = openCursor(await requireKey(options.cursorKey)(), binding, cursor);
      const result = await fn({
        body: body as Out<B>,
        query: query as Out<Q>,
        path,
        headers: event.headers,
        principal,
        caller: caller as CallerOf<R>,
      });
      const next = (result.body as { nextCursor?: unknown } | undefined)?.nextCursor;
      if (typeof next === 'string') result.body = { ...(result.body as object), nextCursor: sealCursor(await requireKey(options.cursorKey)(), binding, next) };
      for (const [field, listRoute] of Object.entries(options.foreignCursors ?? {})) {
        const position = (result.body as Record<string, unknown> | undefined)?.[field];
        if (typeof position === 'string') {
          result.body = { ...(result.body as object), [field]: sealCursor(await requireKey(options.cursorKey)(), { sub: binding.sub, route: listRoute, query: {} }, position) };
        }
      }
      if (result.raw !== undefined) {
        return { statusCode: result.status, headers: { ...BASE_HEADERS, ...result.headers }, body: result.raw };
      }
      if (result.body === undefined) return { statusCode: result.status, headers: { ...BASE_HEADERS, ...result.headers } };
      // Conditional GETs (the portal polls for live updates): every 200 JSON answer to a GET carries its ETag,
      // and a client that already holds that body gets a 304 with none. The work is done either way; what
      // is saved is the transfer and the client's re-render. `no-store` stays: the client keeps the copy.
      if (route.method === 'GET' && result.status === 200) {
        const response = json(200, result.body, result.headers);
        const etag = etagOf(response.body as string);
        if (noneMatch(event.headers['if-none-match'], etag)) {
          return { statusCode: 304, headers: { ...BASE_HEADERS, ...result.headers, etag } };
        }
        return { ...response, headers: { ...response.headers, etag } };
      }
      return json(result.status, result.body, result.headers);
    } catch (err) {
      if (err instanceof DomainError) return problemFor(err);
      (await logger()).error('unhandled error', { route: `${route.method} ${route.path}`, error: err as Error });
      return problem(500, 'Internal Server Error', 'something went wrong on our side; it has been logged');
    }
  };
}
