import { asProblem, createClient, ProblemError, type Client, type OperationInput, type OperationOutput, type RawResponse } from '#contracts/client';
import type { OperationId } from '#contracts/endpoints';
import type { Operations } from '#contracts/operations';
import { me, refresh, tokens } from './session';

/**
 * The API, same origin: the portal is served beside it (locally by the gateway, on AWS by CloudFront with
 * the HTTP API as a second origin), so no CORS and no `apiBase`. The only module that calls `fetch` for the
 * API; pages call `api` (the typed client of `contracts/`: one method per operation, bodies typed by the
 * contract, a problem thrown as `ProblemError`) or the helpers below. A 401 refreshes the token once and
 * repeats the call with the new one.
 */
async function fetchRefreshing(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(input, init);
  if (res.status !== 401 || !(await refresh())) return res;
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${tokens.value?.accessToken ?? ''}`);
  return fetch(input, { ...init, headers });
}

export const api: Client = createClient({ baseUrl: '', fetch: fetchRefreshing, token: () => tokens.value?.accessToken });

/** What a refused call throws: `status` and the problem+json (`problem.errors` names each refused field). */
export { ProblemError as ApiError };

/** The operations the contract marks as polled (`conditional`): their 304 is documented. */
export type PolledOperation = { [K in OperationId]: Operations[K] extends { conditional: true } ? K : never }[OperationId];

/** A conditional GET's outcome: unchanged (a 304, no body), or the new answer and its tag. */
export type IfChanged<T> = { changed: false } | { changed: true; body: T; etag: string | undefined };

/**
 * A conditional GET through the typed client: with the ETag of the copy the caller holds, a 304 says it
 * is still current (`{ changed: false }`); a 200 is the new answer with its ETag. Anything else throws a
 * `ProblemError`, as the client's methods do.
 */
export async function getIfChanged<K extends PolledOperation>(id: K, input: OperationInput<K>, etag: string | undefined): Promise<IfChanged<OperationOutput<K>>> {
  const raw = api.raw as (id: OperationId, input: Record<string, unknown>) => Promise<RawResponse>;
  const res = await raw(id, { ...input, headers: { ...input.headers, ...(etag ? { 'if-none-match': etag } : {}) } });
  if (res.status === 304) return { changed: false };
  if (res.status !== 200) throw new ProblemError(asProblem(res));
  return { changed: true, body: res.body as OperationOutput<K>, etag: res.headers.get('etag') ?? undefined };
}

let meInFlight: ReturnType<typeof api.getMe> | undefined;
let meAt = 0;

/**
 * The caller (`GET /me`), kept in `me`. Calls made while one is in flight share it: the shell and the home page
 * both ask on a fresh load, and one request answers both.
 */
export function getMe() {
  meInFlight ??= api.getMe().then(
    (result) => {
      meInFlight = undefined;
      me.value = result;
      meAt = Date.now();
      return result;
    },
    (err: unknown) => {
      meInFlight = undefined;
      throw err;
    },
  );
  return meInFlight;
}

/**
 * The caller as a page needs it: the copy the shell loaded a moment ago (`maxAgeMs`) instead of a second
 * request on a fresh load, a new `GET /me` otherwise (a page opened later shows the balance as it is now).
 */
export function getRecentMe(maxAgeMs = 5_000) {
  const current = me.value;
  return current && Date.now() - meAt < maxAgeMs ? Promise.resolve(current) : getMe();
}

export const listCategories = () => api.listCategories();

export const listTickets = (query: NonNullable<OperationInput<'listTickets'>['query']> = {}) => api.listTickets({ query });

export const getTicket = (id: string) => api.getTicket({ params: { id } });
