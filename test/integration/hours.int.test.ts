/**
 * Proves the hours routes end to end (gateway, real Cognito tokens, DynamoDB Local): GET /balance and
 * GET /me from the ledger, admin grants (Idempotency-Key honoured), the catalogue with its rules and the
 * recommendation from three months of history, POST /packages/orders idempotent also under concurrent
 * twins, GET /ledger newest first with from/to and cursors, the daily expiry job, and the refusals:
 * customer A never reads or buys for B (400/404), customers and technicians on staff routes get 403,
 * fractional or negative minutes and cents are a 400 naming the field — and every refusal writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomerAccount, settleTicket } from '../../functions/core/hours/use-cases';
import { handler as expireJob } from '../../functions/jobs/expire-packages';
import { eventBridgeCron, schedules } from '../../functions/jobs/schedules';
import { dynamoSystem } from './ledger-fixtures';
import { packageOrder } from '#contracts/responses';
import { api, login, tableSnapshot, uniq, expectProblem } from './support';
import { newCustomerUser, newStaff, type CustomerUser } from './ticket-fixtures';

/** A customer user for an account made directly through the use cases (to give it a past). */
async function userFor(customerId: string): Promise<CustomerUser> {
  const username = uniq('hours');
  const password = 'hours-tests-pw-1';
  expect((await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@c.example`, role: 'customer', customerId, password } })).status).toBe(201);
  return { customerId, username, token: await login(username, password) };
}

let a: CustomerUser;
let b: CustomerUser;
let tech: { token: string };
let finance: { token: string };

beforeAll(async () => {
  [a, b, tech, finance] = await Promise.all([newCustomerUser('Ore A'), newCustomerUser('Ore B'), newStaff('technician'), newStaff('finance')]);
});

describe('balance', () => {
  it('a new account has its free bank; /me and /balance say the same, from the ledger', async () => {
    const balance = await api('GET', '/balance', { token: a.token });
    expect(balance.status).toBe(200);
    expect(balance.body).toEqual({
      freeMinutesRemaining: 300,
      freeMinutesGranted: 300,
      packageMinutesRemaining: 0,
      packages: [],
      consuntivoMinutesThisPeriod: 0,
      consuntivoAmountCentsThisPeriod: 0,
      hourlyRateCents: 6000,
    });
    expect((await api('GET', '/me', { token: a.token })).body.customer?.balance).toEqual(balance.body);
  });

  it('finance and admin read any account with ?customerId=, must name one, and get 404 for none', async () => {
    expect((await api('GET', `/balance?customerId=${a.customerId}`, { token: finance.token })).body.freeMinutesRemaining).toBeGreaterThanOrEqual(300);
    expect((await api('GET', `/balance?customerId=${b.customerId}`, { as: 'admin' })).status).toBe(200);
    expectProblem(await api('GET', '/balance', { token: finance.token }), 400, 'query.customerId');
    expectProblem(await api('GET', '/balance?customerId=c_NOPE', { token: finance.token }), 404);
  });
});

describe('grants', () => {
  it('an admin tops up the free bank: 201 with the entry; with Idempotency-Key a repeat grants once', async () => {
    const headers = { 'idempotency-key': uniq('grant') };
    const first = await api('POST', `/admin/customers/${b.customerId}/grants`, { as: 'admin', body: { minutes: 120, note: 'cortesia' }, headers });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.stringMatching(/^e_/), customerId: b.customerId, bucket: 'free', reason: 'grant', minutes: 120, note: 'cortesia', by: 'admin' });
    const again = await api('POST', `/admin/customers/${b.customerId}/grants`, { as: 'admin', body: { minutes: 120, note: 'cortesia' }, headers });
    expect(again).toMatchObject({ status: 201, body: first.body });
    expectProblem(await api('POST', `/admin/customers/${b.customerId}/grants`, { as: 'admin', body: { minutes: 60, note: 'cortesia' }, headers }), 409);
    expect((await api('GET', '/balance', { token: b.token })).body.freeMinutesRemaining).toBe(420);
  });

  it('to an account that does not exist is a 404 and writes nothing', async () => {
    const before = await tableSnapshot();
    expectProblem(await api('POST', '/admin/customers/c_NOPE/grants', { as: 'admin', body: { minutes: 60, note: 'x' } }), 404);
    expect(await tableSnapshot()).toEqual(before);
  });
});

describe('packages', () => {
  it('GET /packages lists 5, 10, 20, 50 h, cheaper per hour as they grow, and recommends nothing without history', async () => {
    const res = await api('GET', '/packages', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.recommended).toBeUndefined();
    expect(res.body.recommendation).toBeUndefined();
    const defaults = res.body.items.filter((i) => ['pkg_5h', 'pkg_10h', 'pkg_20h', 'pkg_50h'].includes(i.id));
    expect(defaults).toEqual([
      { id: 'pkg_5h', minutes: 300, priceCents: 27_500, hourlyPriceCents: 5500 },
      { id: 'pkg_10h', minutes: 600, priceCents: 52_000, hourlyPriceCents: 5200 },
      { id: 'pkg_20h', minutes: 1200, priceCents: 98_000, hourlyPriceCents: 4900 },
      { id: 'pkg_50h', minutes: 3000, priceCents: 225_000, hourlyPriceCents: 4500 },
    ]);
  });

  it('recommends the package covering about three months of the last three months’ average', async () => {
    // An account opened five months ago that used 600 billable minutes two months ago: 200 a month.
    const system = dynamoSystem(new Date(Date.now() - 150 * 86_400_000));
    const customer = await createCustomerAccount(system.deps, { name: 'Storico Srl', billingEmail: 's@s.example', locale: 'it' }, 'test');
    system.clock.now = new Date(Date.now() - 62 * 86_400_000);
    await settleTicket(system.deps, { customerId: customer.id, ticketId: 't_hist', targetMinutes: 600, revision: 1 });
    const user = await userFor(customer.id);
    const own = (await api('GET', '/packages', { token: user.token })).body;
    expect(own.recommended).toBe('pkg_10h');
    // The reason the portal shows: 600 minutes over the three closed months, 200 a month.
    expect(own.recommendation).toEqual({ packageId: 'pkg_10h', averageMonthlyMinutes: 200, months: 3 });
    expect((await api('GET', `/packages?customerId=${customer.id}`, { token: finance.token })).body).toMatchObject({ recommended: 'pkg_10h', recommendation: own.recommendation });
  });

  it('a customer buys a package: 201, the hours at once for 12 months, the price recorded; a repeated key buys once', async () => {
    const headers = { 'idempotency-key': uniq('order') };
    const res = await api('POST', '/packages/orders', { token: a.token, body: { packageId: 'pkg_5h' }, headers });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      orderId: expect.stringMatching(/^o_/),
      package: { id: expect.stringMatching(/^p_/), catalogueId: 'pkg_5h', minutes: 300, priceCents: 27_500, hourlyPriceCents: 5500, orderedAt: expect.any(String), expiresAt: expect.any(String) },
      ledgerEntry: expect.objectContaining({ bucket: 'package', reason: 'purchase', minutes: 300, priceCents: 27_500, orderId: res.body.orderId }),
    });
    const months = (Date.parse(res.body.package.expiresAt) - Date.parse(res.body.package.orderedAt)) / (30.4 * 86_400_000);
    expect(Math.round(months)).toBe(12);
    const replay = await api('POST', '/packages/orders', { token: a.token, body: { packageId: 'pkg_5h' }, headers });
    expect(replay).toMatchObject({ status: 201, body: res.body });
    const before = await tableSnapshot();
    expectProblem(await api('POST', '/packages/orders', { token: a.token, body: { packageId: 'pkg_10h' }, headers }), 409);
    expect(await tableSnapshot()).toEqual(before);
    const balance = (await api('GET', '/balance', { token: a.token })).body;
    expect(balance.packages).toEqual([{ id: res.body.package.id, minutesRemaining: 300, minutesGranted: 300, expiresAt: res.body.package.expiresAt }]);
    expect(balance.packageMinutesRemaining).toBe(300);
  });

  it('ten concurrent twins with one Idempotency-Key buy once and all get the same response', async () => {
    const c = await newCustomerUser('Twins');
    const headers = { 'idempotency-key': uniq('twin') };
    const all = await Promise.all(Array.from({ length: 10 }, () => api('POST', '/packages/orders', { token: c.token, body: { packageId: 'pkg_10h' }, headers })));
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(all.map((r) => r.body.orderId)).size).toBe(1);
    expect((await api('GET', '/balance', { token: c.token })).body.packageMinutesRemaining).toBe(600);
  });

  it('an unknown or withdrawn package is a 400 naming packageId', async () => {
    expectProblem(await api('POST', '/packages/orders', { token: a.token, body: { packageId: 'pkg_nope' } }), 400, 'packageId');
  });

  it('finance adds a package, sees it on sale, and cannot break the catalogue’s rules', async () => {
    const id = `pkg_t${Date.now().toString(36)}`;
    const ok = await api('PUT', `/finance/packages/${id}`, { token: finance.token, body: { minutes: 450, priceCents: 39_750 } });
    expect(ok).toMatchObject({ status: 200, body: { id, minutes: 450, priceCents: 39_750, hourlyPriceCents: 5300, active: true } });
    expect((await api('GET', '/packages', { token: a.token })).body.items.map((i) => i.id)).toContain(id);
    const before = await tableSnapshot();
    expectProblem(await api('PUT', `/finance/packages/${id}`, { token: finance.token, body: { minutes: 450, priceCents: 45_000 } }), 400, 'priceCents');
    expectProblem(await api('PUT', `/finance/packages/${id}`, { token: finance.token, body: { minutes: 450, priceCents: 20_000 } }), 400, 'priceCents');
    expectProblem(await api('PUT', '/finance/packages/NOT-AN-ID', { token: finance.token, body: { minutes: 450, priceCents: 39_750 } }), 400, 'id');
    expect(await tableSnapshot()).toEqual(before);
    // Withdrawn: listed for finance, not on sale.
    expect((await api('PUT', `/finance/packages/${id}`, { as: 'admin', body: { minutes: 450, priceCents: 39_750, active: false } })).status).toBe(200);
    expect((await api('GET', '/packages', { token: a.token })).body.items.map((i) => i.id)).not.toContain(id);
    expect((await api('GET', '/finance/packages', { token: finance.token })).body.items).toContainEqual(expect.objectContaining({ id, active: false }));
  });
});

describe('ledger', () => {
  it('lists the own entries newest first, pages with cursors, filters by from/to', async () => {
    const system = dynamoSystem();
    const c = await newCustomerUser('Registro');
    for (const [i, minutes] of [30, 45, 60].entries()) {
      system.clock.now = new Date(Date.now() + i * 1000);
      await settleTicket(system.deps, { customerId: c.customerId, ticketId: `t_reg_${i}`, targetMinutes: minutes, revision: 1 });
    }
    const all = await api('GET', '/ledger', { token: c.token });
    expect(all.status).toBe(200);
    expect(all.body.items.map((e) => [e.reason, e.minutes, e.ticketId])).toEqual([
      ['consume', -60, 't_reg_2'],
      ['consume', -45, 't_reg_1'],
      ['consume', -30, 't_reg_0'],
      ['grant', 300, undefined],
    ]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api('GET', `/ledger?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: c.token });
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e) => e.id));
    const from = encodeURIComponent(all.body.items[2]!.at);
    const to = encodeURIComponent(all.body.items[0]!.at);
    const window = await api('GET', `/ledger?from=${from}&to=${to}`, { token: c.token });
    expect(window.body.items.map((e) => e.ticketId)).toEqual(['t_reg_1', 't_reg_0']);
    expectProblem(await api('GET', `/ledger?from=${to}&to=${from}`, { token: c.token }), 400, 'query.from');
    expectProblem(await api('GET', '/ledger?from=yesterday', { token: c.token }), 400, 'query.from');
    expect((await api('GET', `/ledger?customerId=${c.customerId}`, { token: finance.token })).body.items).toHaveLength(4);
  });
});

describe('expiry', () => {
  it('the daily job writes an expire entry for what is left on expired packages, once', async () => {
    const system = dynamoSystem(new Date(Date.now() - 400 * 86_400_000));
    const customer = await createCustomerAccount(system.deps, { name: 'Scaduto Srl', billingEmail: 's@s.example', locale: 'it', freeMinutes: 0 }, 'test');
    const { orderPackage } = await import('../../functions/core/hours/use-cases');
    const order = await orderPackage(system.deps, { customerId: customer.id, catalogueId: 'pkg_5h', by: 'test' });
    await settleTicket(system.deps, { customerId: customer.id, ticketId: 't_old', targetMinutes: 120, revision: 1 });
    const packageId = packageOrder.parse(order.body).package.id;

    const first = await expireJob();
    expect(first.minutes).toBeGreaterThanOrEqual(180);
    const entries = (await system.store.entries(customer.id, { limit: 10 })).items;
    expect(entries.filter((e) => e.reason === 'expire')).toEqual([expect.objectContaining({ bucket: 'package', packageId, minutes: -180 })]);
    const before = await tableSnapshot();
    expect(await expireJob()).toEqual({ packages: 0, minutes: 0 });
    expect(await tableSnapshot()).toEqual(before);
    const user = await userFor(customer.id);
    expect((await api('GET', '/balance', { token: user.token })).body).toMatchObject({ packageMinutesRemaining: 0, packages: [] });
  });

  it('is scheduled daily in Europe/Rome, the same expression for EventBridge and croner', () => {
    const spec = schedules.find((s) => s.name === 'expire-packages')!;
    expect(spec).toMatchObject({ handler: 'expire-packages', cron: '5 0 * * *', timeZone: 'Europe/Rome' });
    expect(eventBridgeCron(spec)).toBe('cron(5 0 * * ? *)');
  });
});

describe('refusals write nothing', () => {
  it('customer A cannot read or buy for B: 400 on ?customerId=, unknown body fields refused', async () => {
    const before = await tableSnapshot();
    expectProblem(await api('GET', `/balance?customerId=${b.customerId}`, { token: a.token }), 400, 'query.customerId');
    expectProblem(await api('GET', `/ledger?customerId=${b.customerId}`, { token: a.token }), 400, 'query.customerId');
    expectProblem(await api('GET', `/packages?customerId=${b.customerId}`, { token: a.token }), 400, 'query.customerId');
    expectProblem(await api('POST', '/packages/orders', { token: a.token, body: { packageId: 'pkg_5h', customerId: b.customerId } }), 400, 'customerId');
    expect(await tableSnapshot()).toEqual(before);
  });

  it('customers and technicians on staff routes get 403', async () => {
    const before = await tableSnapshot();
    expectProblem(await api('POST', `/admin/customers/${a.customerId}/grants`, { token: a.token, body: { minutes: 60, note: 'x' } }), 403);
    expectProblem(await api('POST', `/admin/customers/${a.customerId}/grants`, { token: finance.token, body: { minutes: 60, note: 'x' } }), 403);
    expectProblem(await api('PUT', '/finance/packages/pkg_5h', { token: a.token, body: { minutes: 300, priceCents: 1 } }), 403);
    expectProblem(await api('GET', '/finance/packages', { token: a.token }), 403);
    expectProblem(await api('GET', `/balance?customerId=${a.customerId}`, { token: tech.token }), 403);
    expectProblem(await api('GET', `/ledger?customerId=${a.customerId}`, { token: tech.token }), 403);
    expectProblem(await api('POST', '/packages/orders', { token: tech.token, body: { packageId: 'pkg_5h' } }), 403);
    expect(await tableSnapshot()).toEqual(before);
  });

  describe('minutes and cents are whole numbers on every route that takes them', () => {
    const cases: [string, string, string, Record<string, unknown>, string][] = [
      ['POST', '/admin/customers', 'admin', { name: 'X', billingEmail: 'x@x.example', locale: 'it', freeMinutes: 90.5 }, 'freeMinutes'],
      ['POST', '/admin/customers', 'admin', { name: 'X', billingEmail: 'x@x.example', locale: 'it', freeMinutes: -60 }, 'freeMinutes'],
      ['POST', '/admin/customers', 'admin', { name: 'X', billingEmail: 'x@x.example', locale: 'it', hourlyRateCents: 6000.5 }, 'hourlyRateCents'],
      ['POST', '/admin/customers/{A}/grants', 'admin', { minutes: 1.5, note: 'x' }, 'minutes'],
      ['POST', '/admin/customers/{A}/grants', 'admin', { minutes: -60, note: 'x' }, 'minutes'],
      ['POST', '/admin/customers/{A}/grants', 'admin', { minutes: 0, note: 'x' }, 'minutes'],
      ['POST', '/admin/customers/{A}/grants', 'admin', { minutes: '60', note: 'x' }, 'minutes'],
      ['POST', '/admin/customers/{A}/grants', 'admin', { minutes: 1e21, note: 'x' }, 'minutes'],
      ['PUT', '/finance/packages/pkg_5h', 'finance', { minutes: 299.5, priceCents: 27_500 }, 'minutes'],
      ['PUT', '/finance/packages/pkg_5h', 'finance', { minutes: -300, priceCents: 27_500 }, 'minutes'],
      ['PUT', '/finance/packages/pkg_5h', 'finance', { minutes: 300, priceCents: 27_500.5 }, 'priceCents'],
      ['PUT', '/finance/packages/pkg_5h', 'finance', { minutes: 300, priceCents: -1 }, 'priceCents'],
    ];
    for (const [method, path, who, body, field] of cases) {
      it(`${method} ${path} ${JSON.stringify(body)} → 400 ${field}`, async () => {
        const before = await tableSnapshot();
        const token = who === 'finance' ? finance.token : undefined;
        expectProblem(await api(method, path.replace('{A}', a.customerId), { ...(token ? { token } : { as: who }), body }), 400, field);
        expect(await tableSnapshot()).toEqual(before);
      });
    }
    it('GET /ledger?limit=2.5 → 400', async () => expectProblem(await api('GET', '/ledger?limit=2.5', { token: a.token }), 400, 'query.limit'));
  });
});
