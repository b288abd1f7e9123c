import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { DynamoHourlyRates } from '../../functions/adapters/dynamodb/customer-balances';
import { orderPackage, settleTicket } from '../../functions/core/hours/use-cases';
import { dynamoSystem } from './ledger-fixtures';
import { notYet, waitFor } from '../support/wait';
import { api, ddb, mailbox, problemOf, stackEnv, tableSnapshot, uniq } from './support';
import { newCustomerUser, openTicket } from './ticket-fixtures';

/**
 * Proves finance's balances of every account and the hourly rate change, through the gateway with real
 * tokens on DynamoDB Local: GET /finance/customers lists each account's rate, free, package and this
 * month's consuntivo, sorts by each over all accounts (ascending and descending, ties by name), filters
 * by name and pages with signed cursors that a forged or foreign cursor cannot reuse; PUT
 * /finance/customers/{id}/rate changes the account and its ledger's copy together or not at all, serialises
 * concurrent changes, names each bad field (writing nothing) and is 404 for an unknown account. Both routes
 * refuse customers, technicians and supervisors (403). The next settle charges the new rate, never more
 * than the rate the customer consented to, through the workflow and in its email too.
 */
const TABLE = stackEnv.TABLE_NAME!;
const item = async (key: Record<string, string>) => (await ddb.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
const copies = async (id: string) => ({ account: (await item(keys.customer(id)))?.hourlyRateCents, ledger: (await item(keys.ledgerBucket(id, { bucket: 'free' })))?.hourlyRateCents });

async function newAccount(name: string, freeMinutes: number, hourlyRateCents = 6000): Promise<string> {
  const res = await api('POST', '/admin/customers', { as: 'admin', body: { name, billingEmail: 'conti@cliente.example', locale: 'it', freeMinutes, hourlyRateCents } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

type Row = { id: string; name: string; freeMinutesRemaining: number; packageMinutesRemaining: number; consuntivoAmountCentsThisPeriod: number; hourlyRateCents: number };

/** Every page of the list for a query, following the cursors. */
async function allPages(query: string, limit: number): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await api('GET', `/finance/customers?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: 'finance' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rows.push(...(res.body.items as Row[]));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}

describe('GET /finance/customers', () => {
  const tag = uniq('Saldi');
  const ids: Record<string, string> = {};
  const sys = dynamoSystem(new Date());

  beforeAll(async () => {
    // Four accounts whose free, package and consuntivo sort differently from their names.
    ids.a = await newAccount(`${tag} Alfa`, 120);
    ids.b = await newAccount(`${tag} bravo`, 0, 9000);
    ids.c = await newAccount(`${tag} Charlie`, 600);
    ids.d = await newAccount(`${tag} Delta`, 0);
    await settleTicket(sys.deps, { customerId: ids.b!, ticketId: uniq('t_'), revision: 1, targetMinutes: 30 }); // 45.00 €
    await settleTicket(sys.deps, { customerId: ids.d!, ticketId: uniq('t_'), revision: 1, targetMinutes: 90 }); // 90.00 €
    await orderPackage(sys.deps, { customerId: ids.a!, catalogueId: 'pkg_5h', by: 'test' });
    await orderPackage(sys.deps, { customerId: ids.c!, catalogueId: 'pkg_10h', by: 'test' });
  });

  it('lists each account with its rate and balances; finance and admin alike', async () => {
    for (const who of ['finance', 'admin']) {
      const res = await api('GET', `/finance/customers?q=${encodeURIComponent(tag)}`, { as: who });
      expect(res.status, who).toBe(200);
      expect(res.body.nextCursor).toBeUndefined();
      expect(res.body.items).toEqual([
        { id: ids.a, name: `${tag} Alfa`, hourlyRateCents: 6000, freeMinutesRemaining: 120, freeMinutesGranted: 120, packageMinutesRemaining: 300, consuntivoMinutesThisPeriod: 0, consuntivoAmountCentsThisPeriod: 0 },
        { id: ids.b, name: `${tag} bravo`, hourlyRateCents: 9000, freeMinutesRemaining: 0, freeMinutesGranted: 0, packageMinutesRemaining: 0, consuntivoMinutesThisPeriod: 30, consuntivoAmountCentsThisPeriod: 4500 },
        { id: ids.c, name: `${tag} Charlie`, hourlyRateCents: 6000, freeMinutesRemaining: 600, freeMinutesGranted: 600, packageMinutesRemaining: 600, consuntivoMinutesThisPeriod: 0, consuntivoAmountCentsThisPeriod: 0 },
        { id: ids.d, name: `${tag} Delta`, hourlyRateCents: 6000, freeMinutesRemaining: 0, freeMinutesGranted: 0, packageMinutesRemaining: 0, consuntivoMinutesThisPeriod: 90, consuntivoAmountCentsThisPeriod: 9000 },
      ]);
    }
  });

  it('sorts by each balance over all accounts, both ways, ties by name; the filter is case-insensitive', async () => {
    const order = async (sort: string, dir: string) => ((await api('GET', `/finance/customers?q=${encodeURIComponent(tag.toUpperCase())}&sort=${sort}&order=${dir}`, { as: 'finance' })).body.items as Row[]).map((r) => r.id);
    expect(await order('name', 'desc')).toEqual([ids.d, ids.c, ids.b, ids.a]);
    expect(await order('free', 'asc')).toEqual([ids.b, ids.d, ids.a, ids.c]);
    expect(await order('free', 'desc')).toEqual([ids.c, ids.a, ids.b, ids.d]);
    expect(await order('package', 'desc')).toEqual([ids.c, ids.a, ids.b, ids.d]);
    expect(await order('consuntivo', 'desc')).toEqual([ids.d, ids.b, ids.a, ids.c]);
    expect(await order('consuntivo', 'asc')).toEqual([ids.a, ids.c, ids.b, ids.d]);
  });

  it('pages: every account once, in order, whatever the page size; a cursor works only with its own query', async () => {
    for (const limit of [1, 3]) {
      const { rows, pages } = await allPages(`q=${encodeURIComponent(tag)}&sort=consuntivo&order=desc`, limit);
      expect(rows.map((r) => r.id)).toEqual([ids.d, ids.b, ids.a, ids.c]);
      expect(pages).toBe(Math.ceil(4 / limit));
    }
    // Unfiltered, the whole table pages too: no account twice.
    const every = await allPages('sort=free&order=desc', 100);
    expect(new Set(every.rows.map((r) => r.id)).size).toBe(every.rows.length);
    expect(every.rows.map((r) => r.freeMinutesRemaining)).toEqual(every.rows.map((r) => r.freeMinutesRemaining).sort((x, y) => y - x));

    const first = await api('GET', `/finance/customers?q=${encodeURIComponent(tag)}&sort=free&limit=1`, { as: 'finance' });
    const cursor = first.body.nextCursor!;
    const other = await api('GET', `/finance/customers?q=${encodeURIComponent(tag)}&sort=package&limit=1&cursor=${encodeURIComponent(cursor)}`, { as: 'finance' });
    expect(other.status).toBe(400);
    expect(problemOf(other).errors).toEqual([{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
    const admin = await api('GET', `/finance/customers?q=${encodeURIComponent(tag)}&sort=free&limit=1&cursor=${encodeURIComponent(cursor)}`, { as: 'admin' });
    expect(admin.status).toBe(400);
  });

  it('names each bad query parameter', async () => {
    const res = await api('GET', '/finance/customers?sort=rate&order=up&limit=0', { as: 'finance' });
    expect(res.status).toBe(400);
    expect(problemOf(res).errors?.map((e) => e.path).sort()).toEqual(['query.limit', 'query.order', 'query.sort']);
  });

  it('is 403 for customers, technicians and supervisors', async () => {
    for (const who of ['alfa', 'beta', 'tech', 'supervisor']) {
      const res = await api('GET', '/finance/customers', { as: who });
      expect(res.status, who).toBe(403);
      expect(problemOf(res).status).toBe(403);
    }
  });
});

describe('PUT /finance/customers/{id}/rate', () => {
  const sys = dynamoSystem(new Date());

  it('changes the account and its ledger copy together; the next settle charges the new rate', async () => {
    const id = await newAccount(`Tariffa ${uniq('')}`, 0);
    const res = await api('PUT', `/finance/customers/${id}/rate`, { as: 'finance', body: { hourlyRateCents: 7500 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id, hourlyRateCents: 7500, previousHourlyRateCents: 6000 });
    expect(await copies(id)).toEqual({ account: 7500, ledger: 7500 });
    const settled = await settleTicket(sys.deps, { customerId: id, ticketId: uniq('t_'), revision: 1, targetMinutes: 60 });
    expect(settled.result.charges).toEqual([{ bucket: 'consuntivo', minutes: 60 }]);
    const balance = await api('GET', `/balance?customerId=${id}`, { as: 'finance' });
    expect(balance.body).toMatchObject({ hourlyRateCents: 7500, consuntivoAmountCentsThisPeriod: 7500 });
    // Admin may change it too.
    expect((await api('PUT', `/finance/customers/${id}/rate`, { as: 'admin', body: { hourlyRateCents: 5000 } })).status).toBe(200);
    expect(await copies(id)).toEqual({ account: 5000, ledger: 5000 });
  });

  it('a ticket worked with consent at a lower rate is charged that rate, not a rise that came after', async () => {
    const id = await newAccount(`Consenso ${uniq('')}`, 0);
    await api('PUT', `/finance/customers/${id}/rate`, { as: 'finance', body: { hourlyRateCents: 9000 } });
    const settled = await settleTicket(sys.deps, { customerId: id, ticketId: uniq('t_'), revision: 1, targetMinutes: 60, rateCapCents: 6000 });
    expect(settled.result.charges).toEqual([{ bucket: 'consuntivo', minutes: 60 }]);
    expect((await api('GET', `/balance?customerId=${id}`, { as: 'finance' })).body.consuntivoAmountCentsThisPeriod).toBe(6000);
  });

  it('through the workflow: a rise after the customer consented leaves the ticket at the consented rate, and its email says so', async () => {
    const customer = await newCustomerUser('Consenso flusso');
    // The free bank is used up first, so the next billable ticket needs consent to consuntivo.
    await settleTicket(sys.deps, { customerId: customer.customerId, ticketId: uniq('t_'), revision: 1, targetMinutes: 300 });
    const ticket = await openTicket(customer.token, { category: 'configuration_change', consentToConsuntivo: true });
    expect(ticket.consuntivoConsent?.hourlyRateCents).toBe(6000);
    expect((await api('PUT', `/finance/customers/${customer.customerId}/rate`, { as: 'finance', body: { hourlyRateCents: 9000 } })).status).toBe(200);
    expect((await api('POST', `/tickets/${ticket.id}/worklogs`, { as: 'tech', body: { minutes: 60, kind: 'remote', note: 'Regola' } })).status).toBe(201);
    expect((await api('POST', `/tickets/${ticket.id}/resolution`, { as: 'tech', body: { rootCause: 'none', summary: 'Fatto' } })).status).toBe(202);
    await waitFor(`ticket ${ticket.id} closed`, async () => {
      const t = await api('GET', `/tickets/${ticket.id}`, { as: 'tech' });
      return t.body.status === 'closed' ? t.body : notYet(`status ${t.body.status}`);
    });
    const balance = await api('GET', `/balance?customerId=${customer.customerId}`, { as: 'finance' });
    expect(balance.body).toMatchObject({ hourlyRateCents: 9000, consuntivoMinutesThisPeriod: 60, consuntivoAmountCentsThisPeriod: 6000 });
    const mail = await waitFor('the billable-ticket email', async () => {
      const found = (await mailbox('conti@cliente.example')).find((m) => m.body.text?.includes(ticket.number));
      return found ?? notYet('no email names the ticket');
    });
    expect(mail.body.text).toContain('60,00');
    expect(mail.body.text).not.toContain('90,00');
  });

  it('both items or neither: a stale ledger copy fails the whole transaction', async () => {
    const id = await newAccount(`Atomica ${uniq('')}`, 60);
    const rates = new DynamoHourlyRates(TABLE, ddb);
    // What a writer read before someone moved the ledger's copy: the account's condition holds, the bucket's does not.
    await ddb.send(new UpdateCommand({ TableName: TABLE, Key: keys.ledgerBucket(id, { bucket: 'free' }), UpdateExpression: 'SET hourlyRateCents = :r', ExpressionAttributeValues: { ':r': 6100 } }));
    expect(await rates.setRate(id, { account: 6000, ledger: 6000 }, 8000, new Date())).toBe(false);
    expect(await copies(id)).toEqual({ account: 6000, ledger: 6100 });
    // The route reads both copies again and brings them together.
    expect((await api('PUT', `/finance/customers/${id}/rate`, { as: 'finance', body: { hourlyRateCents: 8000 } })).status).toBe(200);
    expect(await copies(id)).toEqual({ account: 8000, ledger: 8000 });
  });

  it('concurrent changes serialise: each answer names the rate it replaced, and the copies end equal', async () => {
    const id = await newAccount(`Concorrenza ${uniq('')}`, 60);
    const wanted = [6100, 6200, 6300, 6400, 6500, 6600];
    const answers = await Promise.all(wanted.map((r) => api('PUT', `/finance/customers/${id}/rate`, { as: 'finance', body: { hourlyRateCents: r } })));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
    const final = await copies(id);
    expect(final.account).toBe(final.ledger);
    // A serial history: the rates replaced are the first rate and every new rate but the last one.
    const replaced = answers.map((a) => a.body.previousHourlyRateCents).sort();
    expect(replaced).toEqual([6000, ...wanted.filter((r) => r !== final.account)].sort());
  });

  it('names each bad field and writes nothing; 404 for an unknown account', async () => {
    const id = await newAccount(`Errori ${uniq('')}`, 60);
    const before = await tableSnapshot();
    for (const body of [{ hourlyRateCents: -1 }, { hourlyRateCents: 12.5 }, { hourlyRateCents: '6000' }, {}]) {
      const res = await api('PUT', `/finance/customers/${id}/rate`, { as: 'finance', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(problemOf(res).errors?.map((e) => e.path)).toEqual(['hourlyRateCents']);
    }
    const smuggled = await api('PUT', `/finance/customers/${id}/rate`, { as: 'finance', body: { hourlyRateCents: 7000, customerId: 'c_ALFA' } });
    expect(smuggled.status).toBe(400);
    expect(await tableSnapshot()).toEqual(before);
    const missing = await api('PUT', '/finance/customers/c_NOBODY000/rate', { as: 'finance', body: { hourlyRateCents: 7000 } });
    expect(missing.status).toBe(404);
    expect(problemOf(missing).status).toBe(404);
  });

  it('is 403 for customers (their own account too), technicians and supervisors, and changes nothing', async () => {
    for (const who of ['alfa', 'tech', 'supervisor']) {
      const res = await api('PUT', '/finance/customers/c_ALFA/rate', { as: who, body: { hourlyRateCents: 1 } });
      expect(res.status, who).toBe(403);
    }
    expect((await copies('c_ALFA')).account).not.toBe(1);
  });
});
