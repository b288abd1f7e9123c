/**
 * Proves a ticket's history is capped in `GET /tickets/{id}` and paged past the cap (issue 9 item 5):
 * the ticket carries its latest 50 messages and worklogs, oldest first, and `messagesNextCursor` /
 * `worklogsNextCursor` when older ones exist; `GET /tickets/{id}/messages` and `/worklogs` page the whole
 * history newest first, every item exactly once, from the top or from the ticket's cursor. Another
 * account's ticket is a 404 on both routes, a token without a role a 403, a cursor of another ticket or
 * of the other kind a 400.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Message, Worklog } from '#contracts/responses';
import { api, forgeToken, type ApiResponse, expectProblem } from './support';
import { newCustomerUser, newStaff, openTicket, pool, type CustomerUser } from './ticket-fixtures';

const MESSAGES = 61;
const WORKLOGS = 53;

let alfa: CustomerUser;
let beta: CustomerUser;
let tech: { username: string; token: string };
let ticket: { id: string; number: string };

/** A cursor the ticket must carry (it has more history than it shows). */
const cursorOf = (cursor: string | undefined, what: string): string => {
  if (cursor === undefined) throw new Error(`the ticket carries no ${what}`);
  return cursor;
};

/**
 * Follows `nextCursor` from `first` to the end; fails if a page repeats an id or the pages never end. `T`
 * is the item of the list `path` names: `api()` checks every page against that route's schema.
 */
async function readAll<T extends Message | Worklog>(path: `/tickets/${string}/messages` | `/tickets/${string}/worklogs`, token: string, first?: string, limit = 25): Promise<T[]> {
  const seen: T[] = [];
  let cursor = first;
  for (let page = 0; page < 100; page++) {
    const res = await api('GET', `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as { items: T[]; nextCursor?: string };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error(`${path} still had a nextCursor after 100 pages`);
}

beforeAll(async () => {
  [alfa, beta, tech] = await Promise.all([newCustomerUser('Storia'), newCustomerUser('Altro'), newStaff('technician')]);
  ticket = await openTicket(alfa.token);
  // Messages from both sides and worklogs, interleaved, a few at a time.
  const writes: (() => Promise<ApiResponse<unknown>>)[] = [
    ...Array.from({ length: MESSAGES }, (_, i) => () => api('POST', `/tickets/${ticket.id}/messages`, { token: i % 2 ? tech.token : alfa.token, body: { body: `messaggio ${i}` } })),
    ...Array.from({ length: WORKLOGS }, (_, i) => () => api('POST', `/tickets/${ticket.id}/worklogs`, { token: tech.token, body: { minutes: 1 + (i % 7), kind: 'remote', note: `log ${i}` } })),
  ];
  const results = await pool(writes, 6, (write) => write());
  for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201);
});

describe('GET /tickets/{id} with a long history', () => {
  it('carries the latest 50 of each kind, oldest first, and a cursor to the older ones', async () => {
    const res = await api('GET', `/tickets/${ticket.id}`, { token: alfa.token });
    expect(res.status).toBe(200);
    const t = res.body;
    expect(t.messages).toHaveLength(50);
    expect(t.worklogs).toHaveLength(50);
    expect(t.messagesNextCursor).toEqual(expect.any(String));
    expect(t.worklogsNextCursor).toEqual(expect.any(String));
    for (const list of [t.messages, t.worklogs]) {
      const order = list.map((e) => `${e.at}#${e.id}`);
      expect(order).toEqual([...order].sort());
    }
    // loggedMinutes is the ticket's, not the sum of what is shown.
    const all = await readAll<Worklog>(`/tickets/${ticket.id}/worklogs`, tech.token);
    expect(t.loggedMinutes).toBe(all.reduce((s, w) => s + w.minutes, 0));
  });

  it('a short history has no cursors', async () => {
    const short = await openTicket(alfa.token);
    await api('POST', `/tickets/${short.id}/messages`, { token: tech.token, body: { body: 'preso in carico' } });
    const t = (await api('GET', `/tickets/${short.id}`, { token: alfa.token })).body;
    expect(t.messages).toHaveLength(1);
    expect('messagesNextCursor' in t || 'worklogsNextCursor' in t).toBe(false);
  });
});

describe('GET /tickets/{id}/messages and /worklogs', () => {
  it('page the whole history newest first, each item once, for the customer and for staff', async () => {
    for (const token of [alfa.token, tech.token]) {
      const messages = await readAll<Message>(`/tickets/${ticket.id}/messages`, token);
      expect(messages).toHaveLength(MESSAGES);
      expect(new Set(messages.map((m) => m.id)).size).toBe(MESSAGES);
      expect(new Set(messages.map((m) => m.body))).toEqual(new Set(Array.from({ length: MESSAGES }, (_, i) => `messaggio ${i}`)));
      const order = messages.map((m) => `${m.at}#${m.id}`);
      expect(order).toEqual([...order].sort().reverse());
    }
    const worklogs = await readAll<Worklog>(`/tickets/${ticket.id}/worklogs`, tech.token, undefined, 7);
    expect(worklogs).toHaveLength(WORKLOGS);
    expect(new Set(worklogs.map((w) => w.id)).size).toBe(WORKLOGS);
  });

  it("the ticket's cursors continue exactly where its history stops", async () => {
    const t = (await api('GET', `/tickets/${ticket.number}`, { token: alfa.token })).body;
    const olderMessages = await readAll<Message>(`/tickets/${ticket.id}/messages`, alfa.token, cursorOf(t.messagesNextCursor, 'messagesNextCursor'));
    const olderWorklogs = await readAll<Worklog>(`/tickets/${ticket.id}/worklogs`, alfa.token, cursorOf(t.worklogsNextCursor, 'worklogsNextCursor'));
    expect(olderMessages).toHaveLength(MESSAGES - 50);
    expect(olderWorklogs).toHaveLength(WORKLOGS - 50);
    expect(new Set([...t.messages, ...olderMessages].map((m) => m.id)).size).toBe(MESSAGES);
    expect(new Set([...t.worklogs, ...olderWorklogs].map((w) => w.id)).size).toBe(WORKLOGS);
  });

  it("another account's ticket is a 404, by id and by number, with or without a cursor", async () => {
    const t = (await api('GET', `/tickets/${ticket.id}`, { token: alfa.token })).body;
    for (const ref of [ticket.id, ticket.number]) {
      expectProblem(await api('GET', `/tickets/${ref}/messages`, { token: beta.token }), 404);
      expectProblem(await api('GET', `/tickets/${ref}/worklogs`, { token: beta.token }), 404);
      // Alfa's cursor in Beta's hands is refused before the ticket is looked up (signed cursors): a 400 that says nothing about the ticket.
      const borrowed = await api('GET', `/tickets/${ref}/messages?cursor=${encodeURIComponent(cursorOf(t.messagesNextCursor, 'messagesNextCursor'))}`, { token: beta.token });
      expectProblem(borrowed, 400);
      expect(borrowed.body.errors).toEqual([{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
    }
    expectProblem(await api('GET', '/tickets/t_01JZZZZZZZZZZZZZZZZZZZZZZZ/messages', { token: tech.token }), 404);
    expectProblem(await api('GET', `/tickets/t_01JZZZZZZZZZZZZZZZZZZZZZZZ/messages?cursor=${encodeURIComponent(cursorOf(t.messagesNextCursor, 'messagesNextCursor'))}`, { token: beta.token }), 400);
  });

  it('a token whose subject is no user is a 401, and so is no token', async () => {
    // The role comes from the user record behind the token's sub, so a token naming no user has no rights at all.
    const nobody = await forgeToken({ username: 'nobody', sub: 'nobody', 'cognito:groups': ['customer'] });
    expectProblem(await api('GET', `/tickets/${ticket.id}/messages`, { token: nobody }), 401);
    expectProblem(await api('GET', `/tickets/${ticket.id}/worklogs`, { token: nobody }), 401);
    expectProblem(await api('GET', `/tickets/${ticket.id}/messages`), 401);
  });

  it("a cursor of another ticket, of the other kind or forged is a 400, and so is an unknown parameter", async () => {
    const other = await openTicket(beta.token);
    const t = (await api('GET', `/tickets/${ticket.id}`, { token: alfa.token })).body;
    // beta's own ticket with alfa's ticket's cursor: the cursor is bound to the ticket it came from.
    expectProblem(await api('GET', `/tickets/${other.id}/messages?cursor=${encodeURIComponent(cursorOf(t.messagesNextCursor, 'messagesNextCursor'))}`, { token: beta.token }), 400);
    expectProblem(await api('GET', `/tickets/${ticket.id}/worklogs?cursor=${encodeURIComponent(cursorOf(t.messagesNextCursor, 'messagesNextCursor'))}`, { token: alfa.token }), 400);
    const forged = Buffer.from(JSON.stringify({ list: `TICKET#${ticket.id}|MSG#`, at: 'WORK#~' })).toString('base64url');
    expectProblem(await api('GET', `/tickets/${ticket.id}/messages?cursor=${forged}`, { token: alfa.token }), 400);
    expectProblem(await api('GET', `/tickets/${ticket.id}/messages?cursor=%%%`, { token: alfa.token }), 400);
    expectProblem(await api('GET', `/tickets/${ticket.id}/messages?limit=0`, { token: alfa.token }), 400);
    expectProblem(await api('GET', `/tickets/${ticket.id}/messages?customerId=${beta.customerId}`, { token: alfa.token }), 400);
  });
});
