import { me, refresh, tokens } from './session';
import type { Category, Me, Page, Problem, Ticket, TicketSummary } from './types';

/**
 * The API, same origin: the portal is served beside it (locally by the gateway, on AWS by CloudFront with
 * the HTTP API as a second origin), so no CORS and no `apiBase`. The only module that calls `fetch` for the
 * API; pages call these functions. A 401 refreshes the token once and retries.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | undefined) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

async function request<T>(path: string, init: RequestInit = {}, retried = false): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const access = tokens.value?.accessToken;
  if (access) headers.set('authorization', `Bearer ${access}`);
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401 && !retried && (await refresh())) return request<T>(path, init, true);
  if (!res.ok) {
    const problem = (await res.json().catch(() => undefined)) as Problem | undefined;
    throw new ApiError(res.status, problem);
  }
  return (await res.json()) as T;
}

export async function getMe(): Promise<Me> {
  const result = await request<Me>('/me');
  me.value = result;
  return result;
}

export const listCategories = () => request<Category[]>('/categories');

export function listTickets(options: { limit?: number; cursor?: string } = {}): Promise<Page<TicketSummary>> {
  const q = new URLSearchParams();
  if (options.limit) q.set('limit', String(options.limit));
  if (options.cursor) q.set('cursor', options.cursor);
  const qs = q.toString();
  return request<Page<TicketSummary>>(`/tickets${qs ? `?${qs}` : ''}`);
}

export const getTicket = (id: string) => request<Ticket>(`/tickets/${encodeURIComponent(id)}`);
