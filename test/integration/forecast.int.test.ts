/**
 * Proves GET /forecast end to end (gateway, real Cognito tokens, DynamoDB Local) on ledgers with a past:
 * twelve weeks of billable use settled at past instants plus a package bought through the API give the
 * run-out day the method predicts; a package that expires before the free bank is used up is reported
 * with all its minutes; a new account has "insufficient history". And the refusals: technicians and
 * supervisors get 403, a customer naming another account gets 400 and nothing of it, staff must name
 * an account (400) that exists (404), an unknown parameter is 400 — and none of them writes anything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { historyWindow } from '../../functions/core/hours/forecast';
import { createCustomerAccount, orderPackage, settleTicket } from '../../functions/core/hours/use-cases';
import { romeDayKey, romeDayOf, romeDayStart } from '../../functions/core/periods';
import { dynamoSystem } from './ledger-fixtures';
import { packageOrder } from '#contracts/responses';
import { api, login, tableSnapshot, uniq, expectProblem } from './support';
import { newCustomerUser, newStaff, type CustomerUser } from './ticket-fixtures';

const DAY_MS = 86_400_000;

/** A customer user for an account made directly through the use cases (to give it a past). */
async function userFor(customerId: string): Promise<CustomerUser> {
  const username = uniq('fcst');
  const password = 'forecast-tests-pw-1';
  expect((await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@c.example`, role: 'customer', customerId, password } })).status).toBe(201);
  return { customerId, username, token: await login(username, password) };
}

/**
 * An account opened `daysAgo` days ago that used `minutesPerWeek` billable minutes on the Tuesday of
 * each of the twelve complete Rome weeks before this one, one ticket a week, settled then.
 */
async function accountWithHistory(name: string, daysAgo: number, freeMinutes: number, minutesPerWeek: number, before?: (system: ReturnType<typeof dynamoSystem>, customerId: string) => Promise<void>) {
  const system = dynamoSystem(new Date(Date.now() - daysAgo * DAY_MS));
  const customer = await createCustomerAccount(system.deps, { name: `${name} ${uniq('')}`, billingEmail: 'f@f.example', locale: 'it', freeMinutes }, 'test');
  await before?.(system, customer.id);
  for (const [i, monday] of historyWindow(new Date()).weekStarts.entries()) {
    system.clock.now = new Date(romeDayStart(monday + 1).getTime() + 10 * 3_600_000);
    await settleTicket(system.deps, { customerId: customer.id, ticketId: `t_fcst_${i}`, targetMinutes: minutesPerWeek, revision: 1 });
  }
  return { customer, user: await userFor(customer.id) };
}

let fresh: CustomerUser;
let tech: { token: string };
let supervisor: { token: string };
let finance: { token: string };

beforeAll(async () => {
  [fresh, tech, supervisor, finance] = await Promise.all([newCustomerUser('Previsione'), newStaff('technician'), newStaff('supervisor'), newStaff('finance')]);
});

describe('GET /forecast', () => {
  it('a new account has too little history to tell', async () => {
    const res = await api('GET', '/forecast', { token: fresh.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'insufficient_history', weeksOfHistory: 0, weeksNeeded: 8 });
  });

  it('120 minutes a week and a 10-hour package bought today: the package lasts five weeks, to the day', async () => {
    // 1,440 minutes in twelve weeks used up the 300 free ones (the rest went a consuntivo).
    const { user } = await accountWithHistory('Costante', 100, 300, 120);
    expect((await api('POST', '/packages/orders', { token: user.token, body: { packageId: 'pkg_10h' }, headers: { 'idempotency-key': uniq('fc') } })).status).toBe(201);

    const res = await api('GET', '/forecast', { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 120 a week is 17, 17, 17, 17, 17, 17, 18 a day: 600 minutes are gone at the end of day 34.
    const runsOut = romeDayKey(romeDayOf(new Date()) + 34);
    expect(res.body).toMatchObject({
      status: 'ok',
      weeksOfHistory: 12,
      prepaidMinutes: 600,
      weeklyMinutes: { p10: 120, p50: 120, p90: 120 },
      runsOutBetween: { earliest: runsOut, median: runsOut, latest: runsOut },
      expiringUnused: [],
    });
    // Finance reads the same answer for the account; the seed is the account's and this week's.
    expect((await api('GET', `/forecast?customerId=${user.customerId}`, { token: finance.token })).body).toEqual(res.body);
    expect((await api('GET', `/forecast?customerId=${user.customerId}`, { as: 'admin' })).body).toEqual(res.body);
  });

  it('a package that expires while the free bank still lasts is reported with all its minutes', async () => {
    let packageId = '';
    let expiresAt = '';
    const { user } = await accountWithHistory('Scadenza', 400, 3000, 30, async (system, customerId) => {
      // Bought 355 days ago: it expires in about ten days, long before 2,640 free minutes are used at 30 a week.
      system.clock.now = new Date(Date.now() - 355 * DAY_MS);
      const order = await orderPackage(system.deps, { customerId, catalogueId: 'pkg_5h', by: 'test' });
      ({ id: packageId, expiresAt } = packageOrder.parse(order.body).package);
    });
    const res = await api('GET', '/forecast', { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', weeksOfHistory: 12, prepaidMinutes: 3000 - 360 + 300, weeklyMinutes: { p50: 30 } });
    if (res.body.status !== 'ok') throw new Error(`forecast is ${res.body.status}`);
    expect(res.body.expiringUnused).toEqual([{ packageId, minutes: 300, expiresAt }]);
    // 2,640 free minutes at 30 a week last 88 weeks.
    const dayOf = (key: string) => Date.parse(`${key}T00:00:00Z`) / DAY_MS - romeDayOf(new Date());
    expect(dayOf(res.body.runsOutBetween.median ?? 'none')).toBe(615);
  });
});

describe('GET /forecast refusals write nothing', () => {
  it('technicians and supervisors get 403, for any account or none', async () => {
    const before = await tableSnapshot();
    for (const token of [tech.token, supervisor.token]) {
      expectProblem(await api('GET', '/forecast', { token }), 403);
      expectProblem(await api('GET', `/forecast?customerId=${fresh.customerId}`, { token }), 403);
    }
    expect(await tableSnapshot()).toEqual(before);
  });

  it('a customer cannot read another account’s forecast: ?customerId= is refused and says nothing of it', async () => {
    const other = await newCustomerUser('Altro');
    const before = await tableSnapshot();
    const res = await api('GET', `/forecast?customerId=${other.customerId}`, { token: fresh.token });
    expectProblem(res, 400, 'query.customerId');
    expect(JSON.stringify(res.body)).not.toMatch(/weeksOfHistory|prepaidMinutes|runsOutBetween/);
    // Naming its own account is allowed and the same as naming none.
    expect((await api('GET', `/forecast?customerId=${fresh.customerId}`, { token: fresh.token })).body).toEqual((await api('GET', '/forecast', { token: fresh.token })).body);
    expect(await tableSnapshot()).toEqual(before);
  });

  it('staff must name an account that exists; unknown parameters are refused', async () => {
    const before = await tableSnapshot();
    expectProblem(await api('GET', '/forecast', { token: finance.token }), 400, 'query.customerId');
    expectProblem(await api('GET', '/forecast?customerId=c_NOPE', { token: finance.token }), 404);
    expectProblem(await api('GET', '/forecast?seed=1', { token: fresh.token }), 400);
    expect(await tableSnapshot()).toEqual(before);
  });
});
