import type { OperationInput } from '#contracts/client';
import { api, getIfChanged } from './client';

/** The portal's ticket writes and the ticket polls, through the typed client of `contracts/`. */
export type NewTicket = NonNullable<OperationInput<'createTicket'>['body']>;

/** POST /tickets with an Idempotency-Key the form keeps until it succeeds: a double click is one ticket. */
export const createTicket = (body: NewTicket, idempotencyKey: string) => api.createTicket({ body, idempotencyKey });

export const postMessage = (id: string, body: string) => api.createTicketMessage({ params: { id }, body: { body } });

export const contestTicket = (id: string, reason: string) => api.contestTicket({ params: { id }, body: { reason } });

/** GET /tickets/{id} if it changed since the copy tagged `etag` (a 304 otherwise): the live poll. */
export const pollTicket = (id: string, etag: string | undefined) => getIfChanged('getTicket', { params: { id } }, etag);

/** The first page of the ticket list if it changed since `etag`: the list's live poll. */
export const pollTickets = (limit: number, etag: string | undefined) => getIfChanged('listTickets', { query: { limit } }, etag);

/** A fresh key for one intended write (kept by the form across retries of that same write). */
export const newIdempotencyKey = () => crypto.randomUUID();
