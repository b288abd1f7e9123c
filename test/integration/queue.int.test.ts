/**
 * Proves the technicians' queue and the SLA settings through the local gateway: who may call them
 * (customers, finance and admin refused on the queue; customers and technicians on the settings), the
 * queue's order by the due instant of the clock each ticket races, its filters (status, account,
 * category, SLA state) and counts, paging without repeats or gaps with a cursor bound to its query, SLA
 * states computed from the instants at read time, the first answer moving a ticket to its resolution
 * clock, resolution taking it out; and the settings: defaults, 400 naming each bad field with nothing
 * changed, and new tickets held to what was saved (open ones keep theirs).
 *
 * Tickets with chosen opening instants are written as POST /tickets writes them (through the store, with
 * no workflow, so this file takes no table snapshots: "nothing changed" is read back through the API);
 * each test reads the queue of its own fresh account (`?customerId=`), so others' tickets never interfere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueItem, QueuePage, SlaSettings, Ticket } from '#contracts/responses';
import { CATEGORY_IDS } from '#contracts/vocabulary';
import { api, problemOf, stackEnv, type ApiResponse } from './support';
import { newCustomerUser, newStaff, openTicket, type CustomerUser } from './ticket-fixtures';
import { notYet, waitFor } from '../support/wait';

type Store = import('../../functions/adapters/dynamodb/ticket-store').DynamoTicketStore;
let store: Store;
let a: CustomerUser;
let b: CustomerUser;
let tech: { username: string; token: string };
let fin: { username: string; token: string };
let supervisor: { username: string; token: string };

const MIN = 60_000;
const seeded = new Map<string, string>();

/** Writes a ticket of `customer` opened `minutesAgo` with the given targets, as POST /tickets would. */
async function seed(customer: CustomerUser, name: string, minutesAgo: number, over: { category?: string; firstResponseAgo?: number; fr?: number; res?: number } = {}): Promise<string> {
  const { newTicket, ticketNumber } = await import('../../functions/core/tickets/new-ticket');
  const { newId } = await import('../../functions/core/ids');
  const created = new Date(Date.now() - minutesAgo * MIN);
  const ticket = newTicket(
    { category: (over.category ?? 'service_fault') as 'service_fault', subject: `${name} ${minutesAgo}`, description: 'semina della coda' },
    {
      id: newId('t', created.getTime()),
      number: ticketNumber(2099, await store.nextSequence(2099)),
      customerId: customer.customerId,
      openedBy: customer.username,
      now: created,
      slaTargets: { firstResponseMinutes: over.fr ?? 60, resolutionMinutes: over.res ?? 480, atRiskPercent: 75 },
    },
  );
  // No workflow runs for it: marked as parked, so other files' table snapshots do not wait for one.
  ticket.taskToken = 'queue-test: no workflow';
  if (over.firstResponseAgo !== undefined) Object.assign(ticket, { status: 'in_progress', firstResponseAt: new Date(Date.now() - over.firstResponseAgo * MIN).toISOString() });
  expect(await store.create(ticket, undefined, created)).toBe('created');
  seeded.set(name, ticket.id);
  return ticket.id;
}

const queue = async (query: string, token = tech.token): Promise<QueuePage> => {
  const res = await api('GET', `/queue${query}` as '/queue', { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as QueuePage;
};
const names = (items: QueueItem[]) => items.map((i) => [...seeded].find(([, id]) => id === i.id)?.[0] ?? i.id);

beforeAll(async () => {
  Object.assign(process.env, stackEnv);
  store = new (await import('../../functions/adapters/dynamodb/ticket-store')).DynamoTicketStore(stackEnv.TABLE_NAME!);
  [a, b, tech, fin, supervisor] = await Promise.all([newCustomerUser('Coda A'), newCustomerUser('Coda B'), newStaff('technician'), newStaff('finance'), newStaff('supervisor')]);
  // A: breached (first response due 60 min after opening, opened 120 min ago), at risk (opened 50 min ago:
  // at risk from 45, due at 60), running (opened 10 min ago), answered and racing its resolution (due 480).
  await seed(a, 'breached', 120);
  await seed(a, 'atRisk', 50, { category: 'consulting' });
  await seed(a, 'running', 10);
  await seed(a, 'answered', 100, { firstResponseAgo: 90 });
  await seed(b, 'other', 500);
});

const expectProblem = (res: ApiResponse<unknown>, status: number) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return problemOf(res);
};

describe('who may call', () => {
  it('customers, finance and admin are refused the queue (403); technicians and supervisors read it', async () => {
    for (const token of [a.token, fin.token]) expectProblem(await api('GET', '/queue', { token }), 403);
    expectProblem(await api('GET', '/queue', { as: 'admin' }), 403);
    expect((await queue(`?customerId=${a.customerId}`, supervisor.token)).counts.total).toBe(4);
  });

  it('customers and technicians are refused the SLA settings (403), reading or writing, and nothing changes', async () => {
    const { body: current } = await api('GET', '/finance/sla', { token: fin.token });
    const { updatedAt: _at, updatedBy: _by, ...body } = current as SlaSettings;
    for (const token of [a.token, tech.token, supervisor.token]) {
      expectProblem(await api('GET', '/finance/sla', { token }), 403);
      expectProblem(await api('PUT', '/finance/sla', { token, body: { ...body, atRiskPercent: 10 } }), 403);
    }
    expect((await api('GET', '/finance/sla', { token: fin.token })).body).toEqual(current);
  });
});

describe('the queue', () => {
  it('orders one account’s tickets by the due instant of the clock each races, with its SLA state and counts', async () => {
    const page = await queue(`?customerId=${a.customerId}`);
    expect(names(page.items)).toEqual(['breached', 'atRisk', 'running', 'answered']);
    expect(page.items.map((i) => i.queue.slaState)).toEqual(['breached', 'at_risk', 'running', 'running']);
    expect(page.counts).toEqual({ total: 4, sla: { breached: 1, at_risk: 1, running: 2 }, status: { open: 3, in_progress: 1 } });
    // The account filter's choices leave out the account filter itself, and the page's account is named.
    expect(page.accounts.find((x) => x.id === a.customerId)).toMatchObject({ count: 4, name: expect.stringMatching(/^Coda A /) });
    expect(page.accounts.find((x) => x.id === b.customerId)).toMatchObject({ count: 1 });
    const answered = page.items[3]!;
    // Its place is the resolution clock: first response met 10 minutes after opening.
    expect(answered.queue.dueAt).toBe(answered.sla!.resolution.dueAt);
    expect(answered.sla!.firstResponse).toMatchObject({ state: 'met', targetMinutes: 60, elapsedMinutes: 10 });
    expect(page.items[0]!.sla!.firstResponse).toMatchObject({ state: 'breached', targetMinutes: 60 });
    expect(page.items[0]!.sla!.firstResponse.elapsedMinutes).toBeGreaterThanOrEqual(120);
  });

  it('filters by SLA state, status, category and account, each count leaving out its own filter', async () => {
    const only = async (query: string) => names((await queue(`?customerId=${a.customerId}&${query}`)).items);
    expect(await only('sla=breached')).toEqual(['breached']);
    expect(await only('sla=at_risk')).toEqual(['atRisk']);
    expect(await only('sla=running')).toEqual(['running', 'answered']);
    expect(await only('status=in_progress')).toEqual(['answered']);
    expect(await only('category=consulting')).toEqual(['atRisk']);
    expect(await only('status=open&sla=running')).toEqual(['running']);
    const filtered = await queue(`?customerId=${a.customerId}&status=open&sla=running`);
    expect(filtered.counts).toEqual({ total: 1, sla: { breached: 1, at_risk: 1, running: 1 }, status: { open: 1, in_progress: 1 } });
    expect(names((await queue(`?customerId=${b.customerId}`)).items)).toEqual(['other']);
  });

  it('across accounts: most overdue first, and no ticket of another status', async () => {
    const page = await queue('?sla=breached&limit=100');
    const dues = page.items.map((i) => i.queue.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(page.items.every((i) => i.status === 'open' || i.status === 'in_progress')).toBe(true);
    // B's ticket (due 440 min ago) comes before A's (due 60 min ago).
    const ours = names(page.items).filter((n) => n === 'other' || n === 'breached');
    expect(ours).toEqual(['other', 'breached']);
  });

  it('pages without repeats or gaps; a cursor works only with the query it was made for', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queue(`?customerId=${a.customerId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...names(page.items));
      expect(page.counts.total).toBe(4);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['breached', 'atRisk', 'running', 'answered']);
    const first = await queue(`?customerId=${a.customerId}&limit=1`);
    expectProblem(await api('GET', `/queue?customerId=${b.customerId}&limit=1&cursor=${first.nextCursor}` as '/queue', { token: tech.token }), 400);
    expectProblem(await api('GET', `/queue?customerId=${a.customerId}&limit=1&cursor=${first.nextCursor}` as '/queue', { token: supervisor.token }), 400);
  });

  it('refuses unknown filters and values with a 400 naming the field', async () => {
    const bad = expectProblem(await api('GET', '/queue?sla=met' as '/queue', { token: tech.token }), 400);
    expect(bad.errors?.map((e) => e.path)).toEqual(['query.sla']);
    const closed = expectProblem(await api('GET', '/queue?status=closed' as '/queue', { token: tech.token }), 400);
    expect(closed.errors?.map((e) => e.path)).toEqual(['query.status']);
  });

  it('a ticket opened through the API races its first response; the first answer moves it to its resolution clock; resolution takes it out', async () => {
    const c = await newCustomerUser('Coda C');
    const opened = await openTicket(c.token, { category: 'service_fault' });
    const ticket = (await api('GET', `/tickets/${opened.id}`, { token: c.token })).body as Ticket;
    expect(ticket.sla!.firstResponse).toMatchObject({ state: 'running' });
    const fr = ticket.sla!.firstResponse.targetMinutes;
    const inQueue = await queue(`?customerId=${c.customerId}`);
    expect(inQueue.items.map((i) => [i.id, i.queue.dueAt])).toEqual([[opened.id, new Date(Date.parse(opened.createdAt) + fr * MIN).toISOString()]]);
    await api('POST', `/tickets/${opened.id}/messages`, { token: tech.token, body: { body: 'Ci guardiamo subito.' } });
    const moved = await waitFor('the answered ticket in the queue at its resolution due instant', async () => {
      const [item] = (await queue(`?customerId=${c.customerId}`)).items;
      return item?.status === 'in_progress' ? item : notYet(`at ${JSON.stringify(item?.queue)} (${item?.status})`);
    });
    expect(moved.queue.dueAt).toBe(moved.sla!.resolution.dueAt);
    expect(moved.sla!.firstResponse.state).toBe('met');
    const resolved = await api('POST', `/tickets/${opened.id}/resolution`, { token: tech.token, body: { rootCause: 'provider', summary: 'Porta sostituita' } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(202);
    await waitFor('the resolved ticket out of the queue', async () => {
      const page = await queue(`?customerId=${c.customerId}`);
      return page.counts.total === 0 && page.items.length === 0 ? page : notYet(`${page.counts.total} left`);
    });
    const after = (await api('GET', `/tickets/${opened.id}`, { token: c.token })).body as Ticket;
    expect(after.sla!.resolution.state).toBe('met');
  });
});

describe('SLA settings', () => {
  let original: SlaSettings;
  beforeAll(async () => {
    original = (await api('GET', '/finance/sla', { token: fin.token })).body as SlaSettings;
  });
  afterAll(async () => {
    const { updatedAt: _at, updatedBy: _by, ...body } = original;
    await api('PUT', '/finance/sla', { as: 'admin', body });
  });

  it('answers a target for every category', async () => {
    expect(Object.keys(original.targets).sort()).toEqual([...CATEGORY_IDS].sort());
    for (const t of Object.values(original.targets)) expect(t.resolutionMinutes).toBeGreaterThanOrEqual(t.firstResponseMinutes);
  });

  it('a 400 names each bad field and nothing changes', async () => {
    const { updatedAt: _at, updatedBy: _by, ...good } = original;
    const body = structuredClone(good) as { targets: Record<string, Record<string, unknown>>; atRiskPercent: number };
    body.targets.service_fault = { firstResponseMinutes: 0, resolutionMinutes: 30 };
    body.targets.consulting = { firstResponseMinutes: 120, resolutionMinutes: 60 };
    body.targets.onsite_extra!.resolutionMinutes = 12.5;
    const shape = expectProblem(await api('PUT', '/finance/sla', { token: fin.token, body }), 400);
    expect(shape.errors?.map((e) => e.path).sort()).toEqual(['targets.onsite_extra.resolutionMinutes', 'targets.service_fault.firstResponseMinutes']);
    body.targets.service_fault = { firstResponseMinutes: 30, resolutionMinutes: 60 };
    body.targets.onsite_extra!.resolutionMinutes = 600;
    const order = expectProblem(await api('PUT', '/finance/sla', { token: fin.token, body }), 400);
    expect(order.errors).toEqual([{ path: 'targets.consulting.resolutionMinutes', message: 'must be at least the first response target' }]);
    delete (body.targets as Record<string, unknown>).recurring_activity;
    const missing = expectProblem(await api('PUT', '/finance/sla', { token: fin.token, body }), 400);
    expect(missing.errors?.map((e) => e.path)).toContain('targets.recurring_activity');
    expect((await api('GET', '/finance/sla', { token: fin.token })).body).toEqual(original);
  });

  it('saved by finance: read back, new tickets are held to it, open ones keep theirs', async () => {
    const c = await newCustomerUser('Coda SLA');
    const earlier = await openTicket(c.token, { category: 'consulting' });
    const { updatedAt: _at, updatedBy: _by, ...good } = original;
    const body = { ...structuredClone(good), atRiskPercent: 50 };
    body.targets.consulting = { firstResponseMinutes: 7, resolutionMinutes: 70 };
    const saved = await api('PUT', '/finance/sla', { token: fin.token, body });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ ...body, updatedBy: fin.username });
    expect((await api('GET', '/finance/sla', { as: 'admin' })).body).toEqual(saved.body);
    const later = await openTicket(c.token, { category: 'consulting' });
    expect(later.sla!.firstResponse).toMatchObject({ targetMinutes: 7, state: 'running' });
    expect(Date.parse(later.sla!.firstResponse.atRiskAt) - Date.parse(later.createdAt)).toBe(3.5 * MIN);
    const still = (await api('GET', `/tickets/${earlier.id}`, { token: c.token })).body as Ticket;
    expect(still.sla!.firstResponse.targetMinutes).toBe(original.targets.consulting.firstResponseMinutes);
  });
});
