/**
 * Proves that no customer user reaches another account's tickets (BOLA): two accounts with tickets
 * (with history), and every ticket route called by each account's user with the other account's ticket
 * ids and numbers → 404 exactly like a ticket that does not exist, lists and cursors that never show the
 * other account, and the table unchanged. Also proves the role walls: a customer on any staff route
 * → 403, and finance/admin cannot write on tickets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '#contracts/problem';
import type { Ticket } from '#contracts/responses';
import { api, problemOf, tableSnapshot, type ApiResponse, expectProblem } from './support';
import { newCustomerUser, newStaff, openTicket, type CustomerUser } from './ticket-fixtures';

let a: CustomerUser;
let b: CustomerUser;
let tech: { username: string; token: string };
const tickets = new Map<string, Ticket[]>();
let incidentId: string;

const NOT_A_TICKET = 't_0000000000000000000000ZZZZ';

beforeAll(async () => {
  [a, b, tech] = await Promise.all([newCustomerUser('Isola A'), newCustomerUser('Isola B'), newStaff('technician')]);
  for (const owner of [a, b]) {
    const own = [await openTicket(owner.token, { subject: 'primo' }), await openTicket(owner.token, { subject: 'secondo', category: 'consulting' })];
    await api('POST', `/tickets/${own[0]!.id}/messages`, { token: owner.token, body: { body: 'dettagli' } });
    await api('POST', `/tickets/${own[0]!.id}/worklogs`, { token: tech.token, body: { minutes: 15, kind: 'remote', note: 'diagnosi' } });
    tickets.set(owner.customerId, own);
  }
  const incident = await api('POST', '/incidents', { token: tech.token, body: { title: 'Guasto', customerIds: [a.customerId, b.customerId] } });
  incidentId = incident.body.id;
});

/** A 404 for another account's ticket must read exactly like the 404 for no ticket at all. */
const expectSameAsMissing = (res: ApiResponse<unknown>, missing: Problem, ref: string) => {
  expectProblem(res, 404);
  expect(res.body).toEqual({ ...missing, detail: missing.detail.replace(NOT_A_TICKET, ref) });
};

describe('BOLA: each account against the other’s tickets', () => {
  for (const [attackerName, victimName] of [
    ['A', 'B'],
    ['B', 'A'],
  ] as const) {
    it(`${attackerName}'s user gets 404 on every ticket route for ${victimName}'s tickets, and nothing changes`, async () => {
      const attacker = attackerName === 'A' ? a : b;
      const victim = victimName === 'A' ? a : b;
      const before = await tableSnapshot();
      const missingGet = problemOf(await api('GET', `/tickets/${NOT_A_TICKET}`, { token: attacker.token }));
      const missingMessage = problemOf(await api('POST', `/tickets/${NOT_A_TICKET}/messages`, { token: attacker.token, body: { body: 'ciao' } }));
      for (const ticket of tickets.get(victim.customerId)!) {
        for (const ref of [ticket.id, ticket.number]) {
          expectSameAsMissing(await api('GET', `/tickets/${ref}`, { token: attacker.token }), missingGet, ref);
          expectSameAsMissing(await api('POST', `/tickets/${ref}/messages`, { token: attacker.token, body: { body: 'ciao' } }), missingMessage, ref);
          // Staff routes are refused on the role before the ticket is looked at, so they reveal nothing either.
          expectProblem(await api('POST', `/tickets/${ref}/worklogs`, { token: attacker.token, body: { minutes: 5, kind: 'remote', note: 'x' } }), 403);
        }
      }
      const own = await api('GET', '/tickets?limit=100', { token: attacker.token });
      expect(own.body.items.map((t) => t.customerId)).toEqual(Array(2).fill(attacker.customerId));
      for (const status of ['open', 'in_progress']) {
        const filtered = await api('GET', `/tickets?status=${status}`, { token: attacker.token });
        expect(filtered.body.items.every((t) => t.customerId === attacker.customerId)).toBe(true);
      }
      expectProblem(await api('GET', `/tickets?customerId=${victim.customerId}`, { token: attacker.token }), 400);
      const victimPage = await api('GET', '/tickets?limit=1', { token: victim.token });
      expectProblem(await api('GET', `/tickets?limit=1&cursor=${victimPage.body.nextCursor}`, { token: attacker.token }), 400);
      expect(await tableSnapshot()).toEqual(before);
    });
  }

  it('the victim still sees its tickets unchanged: no message from the other account landed', async () => {
    for (const owner of [a, b]) {
      const first = tickets.get(owner.customerId)![0]!;
      const got = await api('GET', `/tickets/${first.id}`, { token: owner.token });
      expect(got.body.messages.map((m) => m.by)).toEqual([owner.username]);
    }
  });
});

describe('role walls', () => {
  it('a customer on every staff route gets 403 and nothing changes', async () => {
    const before = await tableSnapshot();
    const own = tickets.get(a.customerId)![0]!;
    expectProblem(await api('POST', `/tickets/${own.id}/worklogs`, { token: a.token, body: { minutes: 5, kind: 'remote', note: 'x' } }), 403);
    expectProblem(await api('POST', '/incidents', { token: a.token, body: { title: 'x', customerIds: [a.customerId] } }), 403);
    expectProblem(await api('POST', `/incidents/${incidentId}/close`, { token: a.token }), 403);
    expect(await tableSnapshot()).toEqual(before);
  });

  it('finance and admin read tickets but do not write on them (403)', async () => {
    const [finance, admin] = await Promise.all([newStaff('finance'), newStaff('admin')]);
    const own = tickets.get(b.customerId)![0]!;
    const before = await tableSnapshot();
    for (const who of [finance, admin]) {
      expect((await api('GET', `/tickets/${own.id}`, { token: who.token })).status).toBe(200);
      expectProblem(await api('POST', `/tickets/${own.id}/messages`, { token: who.token, body: { body: 'x' } }), 403);
      expectProblem(await api('POST', `/tickets/${own.id}/worklogs`, { token: who.token, body: { minutes: 5, kind: 'remote', note: 'x' } }), 403);
      expectProblem(await api('POST', '/incidents', { token: who.token, body: { title: 'x', customerIds: [b.customerId] } }), 403);
      expectProblem(await api('POST', '/tickets', { token: who.token, body: { category: 'consulting', subject: 's', description: 'd' } }), 403);
    }
    expect(await tableSnapshot()).toEqual(before);
  });

  it('without a token every ticket route is 401', async () => {
    const own = tickets.get(a.customerId)![0]!;
    for (const [method, path] of [
      ['GET', '/tickets'],
      ['POST', '/tickets'],
      ['GET', `/tickets/${own.id}`],
      ['POST', `/tickets/${own.id}/messages`],
      ['POST', `/tickets/${own.id}/worklogs`],
      ['POST', '/incidents'],
      ['POST', `/incidents/${incidentId}/close`],
    ]) {
      expectProblem(await api(method!, path!), 401);
    }
  });
});
