import { createClient, ProblemError, type Client, type OperationInput } from '#contracts/client';
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

export async function getMe() {
  const result = await api.getMe();
  me.value = result;
  return result;
}

export const listCategories = () => api.listCategories();

export const listTickets = (query: NonNullable<OperationInput<'listTickets'>['query']> = {}) => api.listTickets({ query });

export const getTicket = (id: string) => api.getTicket({ params: { id } });
