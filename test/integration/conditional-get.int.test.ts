/**
 * Proves the conditional GETs the portal polls with (live updates, issue 11 item 11): every 200 JSON answer
 * to a GET carries an ETag; the same request with `If-None-Match` naming it is a 304 with no body until
 * the data changes (a staff reply, a status change, a debit), then a 200 with a new tag; and a tag never
 * opens another account's data (their ticket is still a 404, not a 304).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './support';
import { newCustomerUser, newStaff, openTicket, type CustomerUser } from './ticket-fixtures';

const get = <const P extends string>(path: P, token: string, etag?: string) => api('GET', path, { token, ...(etag ? { headers: { 'if-none-match': etag } } : {}) });

describe('conditional GETs', () => {
  let alfa: CustomerUser;
  let beta: CustomerUser;
  let tech: { token: string };
  let ticketId: string;
  beforeAll(async () => {
    [alfa, beta, tech] = await Promise.all([newCustomerUser('Etag'), newCustomerUser('Altro'), newStaff('technician')]);
    ticketId = (await openTicket(alfa.token)).id;
  });

  it('a ticket: 200 with an ETag, 304 with none while unchanged, 200 with a new tag after a staff reply', async () => {
    const first = await get(`/tickets/${ticketId}`, alfa.token);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const same = await get(`/tickets/${ticketId}`, alfa.token, etag!);
    expect(same.status).toBe(304);
    expect(same.body).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    expect(same.headers.get('cache-control')).toBe('no-store');
    // A list of tags, a weak form of it and `*` match too (RFC 9110 §13.1.2).
    expect((await get(`/tickets/${ticketId}`, alfa.token, `"nope", W/${etag}`)).status).toBe(304);
    expect((await get(`/tickets/${ticketId}`, alfa.token, '*')).status).toBe(304);

    expect((await api('POST', `/tickets/${ticketId}/messages`, { token: tech.token, body: { body: 'Ci lavoriamo.' } })).status).toBe(201);
    const changed = await get(`/tickets/${ticketId}`, alfa.token, etag!);
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('in_progress');
    expect(changed.body.messages.at(-1)?.body).toBe('Ci lavoriamo.');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('the list, /me and the balance answer 304 while unchanged', async () => {
    for (const path of ['/tickets', '/me', '/balance', '/packages']) {
      const first = await get(path, alfa.token);
      expect(first.status, path).toBe(200);
      expect((await get(path, alfa.token, first.headers.get('etag')!)).status, path).toBe(304);
    }
  });

  it('the list changes its tag when a ticket is opened', async () => {
    const first = await get('/tickets', alfa.token);
    await openTicket(alfa.token, { subject: 'un altro' });
    const next = await get('/tickets', alfa.token, first.headers.get('etag')!);
    expect(next.status).toBe(200);
    expect(next.body.items[0]?.subject).toBe('un altro');
  });

  it('another account holding the tag still gets 404, never a 304', async () => {
    const etag = (await get(`/tickets/${ticketId}`, alfa.token)).headers.get('etag')!;
    const res = await get(`/tickets/${ticketId}`, beta.token, etag);
    expect(res.status).toBe(404);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('errors and writes carry no ETag, and a tag does not turn them into a 304', async () => {
    const missing = await get('/tickets/T-2026-999999', alfa.token, '*');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    const written = await api('POST', `/tickets/${ticketId}/messages`, { token: alfa.token, body: { body: 'grazie' }, headers: { 'if-none-match': '*' } });
    expect(written.status).toBe(201);
    expect(written.headers.get('etag')).toBeNull();
  });
});
