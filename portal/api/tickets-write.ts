import { request, requestIfChanged } from './client';
import type { Message, Page, Ticket, TicketSummary } from './types';

/**
 * The portal's ticket writes and the ticket poll. Small on purpose: the lead folds these into the typed
 * client from `contracts/` at merge.
 */
export interface NewTicket {
  category: string;
  subject: string;
  description: string;
  onSite?: boolean;
  /** Agreement to be billed a consuntivo; the server asks for it when nothing prepaid is left. */
  consentToConsuntivo?: boolean;
}

/** What the server records when the customer consents. */
export interface ConsuntivoConsent {
  hourlyRateCents: number;
  at: string;
  by: string;
}

export type TicketWithConsent = Ticket & { consuntivoConsent?: ConsuntivoConsent };

/** POST /tickets with an Idempotency-Key the form keeps until it succeeds: a double click is one ticket. */
export const createTicket = (input: NewTicket, idempotencyKey: string) =>
  request<TicketWithConsent>('/tickets', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey }, body: JSON.stringify(input) });

export const postMessage = (id: string, body: string) =>
  request<Message>(`/tickets/${encodeURIComponent(id)}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body }) });

export const contestTicket = (id: string, reason: string) =>
  request<Ticket>(`/tickets/${encodeURIComponent(id)}/contest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason }) });

/** GET /tickets/{id} if it changed since the copy tagged `etag` (a 304 otherwise): the live poll. */
export const pollTicket = (id: string, etag: string | undefined) => requestIfChanged<TicketWithConsent>(`/tickets/${encodeURIComponent(id)}`, etag);

/** The first page of the ticket list if it changed since `etag`: the list's live poll. */
export const pollTickets = (limit: number, etag: string | undefined) => requestIfChanged<Page<TicketSummary>>(`/tickets?limit=${limit}`, etag);

/** A fresh key for one intended write (kept by the form across retries of that same write). */
export const newIdempotencyKey = () => crypto.randomUUID();
