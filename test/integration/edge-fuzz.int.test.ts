/**
 * Proves, over the whole route table (iterated, not listed by hand), that the client mistakes that used to
 * be 5xx are 4xx problem+json that name the problem and write nothing:
 * - every route with a path parameter, under the right role, refuses generated ids (thousands of
 *   characters, control characters, `#` and `/` smuggled in escaped, malformed percent-escapes, and
 *   well-formed ids that do not exist) with 400 naming `path.<name>` or 404;
 * - every list route refuses forged cursors (random text, hand-made DynamoDB keys of its own or another
 *   account's partition, a real cursor edited by one character, a real cursor of another caller, of
 *   another query or of another list) with 400 naming `query.cursor`;
 * - every write route answers a body over 64 KB, and one of 10 MB (read no further than the limit), with
 *   413 problem+json;
 * - subjects, incident titles and account names with a line break or a control character are 400s
 *   naming the field (they become email subjects and CSV cells);
 * and the table is the same item for item before and after all of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routes, type RouteSpec } from '../../functions/api/routes';
import { operations, type Operation } from '#contracts/operations';
import type { Role } from '../../functions/core/accounts/roles';
import { api, apiUrl, login, tableSnapshot, type ApiResponse } from './support';
import { newCustomerUser, openTicket, pool, ticketBody, type CustomerUser } from './ticket-fixtures';

const IDS_PER_ROUTE = 150;
const CURSORS_PER_ROUTE = 150;
const CONCURRENCY = 8;

/** A demo user of each role (seeded by the test stack). */
const USER_OF: Record<Role, string> = { customer: 'alfa', technician: 'tech', supervisor: 'supervisor', finance: 'finance', admin: 'admin' };
const userFor = (route: RouteSpec) => USER_OF[(route.auth as readonly Role[])[0]!];

const privateRoutes = routes.filter((r) => r.auth !== 'public') as RouteSpec[];
const itemRoutes = privateRoutes.filter((r) => /\{\w+\}/.test(r.path));
const shapeOf = (route: RouteSpec) => ((operations[route.operationId] as Operation).query as unknown as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape ?? {};
const listRoutes = privateRoutes.filter((r) => r.method === 'GET' && 'cursor' in shapeOf(r));
const writeRoutes = privateRoutes.filter((r) => r.method !== 'GET');

const isProblem = (res: ApiResponse<unknown>, status?: number) =>
  (res.headers.get('content-type') ?? '').startsWith('application/problem+json') && (res.body as { status?: unknown } | undefined)?.status === res.status && (status === undefined || res.status === status);

/** Path segments no id can be: too long, control characters, key separators smuggled in escaped, undecodable escapes. */
const badSegment = fc.oneof(
  fc.tuple(fc.constantFrom('x', 't_', 'T-2026-'), fc.integer({ min: 129, max: 6000 })).map(([c, n]) => encodeURIComponent(c.repeat(Math.ceil(n / c.length)).slice(0, n))),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => !/^[A-Za-z0-9_.-]{1,128}$/.test(s)).map(encodeURIComponent),
  fc.constantFrom('TICKET%23t_1', 'CUSTOMER%23c_ALFA', '..%2F..%2Fadmin', 't_1%00', 'a%0Ab', '%E2%80%A8', '%C2%85'),
  fc.tuple(fc.stringMatching(/^[a-z0-9_]{0,10}$/), fc.constantFrom('%', '%z', '%zz', '%E0%A4%A', '%FF', '%C3%28', '%ED%A0%80')).map(([s, e]) => `${s}${e}`),
);
/** Ids of the right shape that name nothing (not `.` or `..`, which the client's URL parser removes). */
const missingId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,128}$/).filter((s) => s !== '.' && s !== '..'), fc.constantFrom('t_00000000000000000000000000', 'T-2026-999999', 'c_NOBODY', 'x_00000000000000000000000000'));

let owner: CustomerUser;
let stranger: CustomerUser;
/** The owner's ticket, for the list routes under a ticket (its messages and worklogs). */
let ownerTicket: string;
/** Real cursors, made before the snapshot: the owner's ticket list and ledger at limit=1. */
const real: { tickets?: string; ledger?: string } = {};

beforeAll(async () => {
  [owner, stranger] = await Promise.all([newCustomerUser('Edge'), newCustomerUser('Edge 2')]);
  await openTicket(owner.token);
  ownerTicket = (await openTicket(owner.token)).id;
  expect((await api('POST', `/admin/customers/${owner.customerId}/grants`, { as: 'admin', body: { minutes: 60, note: 'edge' } })).status).toBe(201);
  real.tickets = (await api('GET', '/tickets?limit=1', { token: owner.token })).body.nextCursor;
  real.ledger = (await api('GET', '/ledger?limit=1', { token: owner.token })).body.nextCursor;
  expect(real.tickets && real.ledger, 'the owner has two tickets and two ledger entries, so limit=1 gives a cursor').toBeTruthy();
  // A real cursor is accepted as it was given: the property below is about forgeries, not a broken list.
  expect((await api('GET', `/ledger?limit=1&cursor=${real.ledger}`, { token: owner.token })).status).toBe(200);
});

describe('client mistakes at the edge are 4xx problem+json and write nothing', () => {
  let before: string[];
  beforeAll(async () => {
    before = await tableSnapshot();
  });

  it(`every item route refuses ${IDS_PER_ROUTE} generated ids with 400 naming the parameter, or 404`, async () => {
    expect(itemRoutes.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const route of itemRoutes) {
      const token = await login(userFor(route));
      const samples = fc.sample(fc.oneof({ weight: 4, arbitrary: badSegment.map((s) => ({ s, bad: true })) }, { weight: 1, arbitrary: missingId.map((s) => ({ s, bad: false })) }), IDS_PER_ROUTE);
      await pool(samples, CONCURRENCY, async ({ s, bad }) => {
        const path = route.path.replace(/\{\w+\}/, s);
        const res = await api(route.method, path, { token, ...(route.method === 'GET' ? {} : route.handler === 'close-incident' ? {} : { body: {} }) });
        const param = /\{(\w+)\}/.exec(route.path)![1];
        const named = res.body?.errors?.some((e: { path: string }) => e.path === `path.${param}`);
        const ok = bad ? isProblem(res, 400) && named : isProblem(res) && (res.status === 400 || res.status === 404);
        if (!ok) failures.push(`${route.method} ${route.path} id=${s.slice(0, 80)} (${s.length}) → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      });
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it(`every list route refuses ${CURSORS_PER_ROUTE} forged or borrowed cursors with 400 naming query.cursor`, async () => {
    expect(listRoutes.map((r) => r.path).sort()).toEqual(['/attention', '/finance/exports', '/finance/exports/{id}/drafts', '/incidents', '/ledger', '/staff/accounts', '/tickets', '/tickets/{id}/messages', '/tickets/{id}/worklogs']);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const edit = (c: string) => fc.nat({ max: c.length - 1 }).chain((i) => fc.constantFrom(...'AQgw_-.0').filter((ch) => ch !== c[i]).map((ch) => c.slice(0, i) + ch + c.slice(i + 1)));
    const forged = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
      fc.base64String({ minLength: 4, maxLength: 200 }),
      fc.constantFrom(
        b64({ pk: `CUSTOMER#${stranger.customerId}`, sk: 'ENTRY#9999' }),
        b64({ pk: `CUSTOMER#${owner.customerId}`, sk: 'ZZZZ' }),
        b64({ gsi1pk: 'EXPORTS', gsi1sk: '2026', pk: 'EXPORT#x', sk: 'EXPORT' }),
        b64({ list: `CUSTOMER#${stranger.customerId}|`, at: '9999' }),
        `${b64({ pk: 'x' })}.${'A'.repeat(43)}`,
      ),
      edit(real.tickets!),
      edit(real.ledger!),
    );
    const failures: string[] = [];
    for (const route of listRoutes) {
      const user = route.auth.includes('customer' as never) ? { token: owner.token } : { as: userFor(route) };
      const borrowed = [real.tickets!, real.ledger!];
      const samples = [...fc.sample(forged, CURSORS_PER_ROUTE - borrowed.length), ...borrowed];
      await pool(samples, CONCURRENCY, async (cursor) => {
        // A ticket's lists are asked of the owner's real ticket; elsewhere (an export's drafts) the cursor is
        // opened before the id is looked up, so an id of the right shape is enough.
        const id = route.path.startsWith('/tickets/') ? ownerTicket : 'x_00000000000000000000000000';
        const res = await api('GET', `${route.path.replace(/\{\w+\}/g, id)}?limit=1&cursor=${encodeURIComponent(cursor)}`, user);
        const hisOwn = (route.path === '/tickets' && cursor === real.tickets) || (route.path === '/ledger' && cursor === real.ledger);
        if (hisOwn) return void (res.status === 200 || failures.push(`${route.path}: the owner's own cursor → ${res.status}`));
        const named = res.body?.errors?.some((e: { path: string }) => e.path === 'query.cursor');
        if (!isProblem(res, 400) || !named) failures.push(`${route.path} cursor=${cursor.slice(0, 80)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      });
    }
    // The owner's cursors in another caller's hands, or with another query.
    const others: [string, { token: string }][] = [
      [`/tickets?limit=1&cursor=${real.tickets}`, { token: stranger.token }],
      [`/ledger?limit=1&cursor=${real.ledger}`, { token: stranger.token }],
      [`/tickets?limit=1&status=open&cursor=${real.tickets}`, { token: owner.token }],
      [`/ledger?limit=1&from=2026-01-01T00:00:00Z&cursor=${real.ledger}`, { token: owner.token }],
      [`/ledger?limit=1&customerId=${owner.customerId}&cursor=${real.ledger}`, { token: await login('finance') }],
    ];
    for (const [path, who] of others) {
      const res = await api('GET', path, who);
      if (!isProblem(res, 400) || res.body.errors?.[0]?.path !== 'query.cursor') failures.push(`${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('every write route answers 413 problem+json to a body over 64 KB and to one of 10 MB', async () => {
    const failures: string[] = [];
    const big = `{"x":"${'a'.repeat(70 * 1024)}"}`;
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    for (const route of writeRoutes) {
      const token = await login(userFor(route));
      const path = route.path.replace(/\{\w+\}/, 't_00000000000000000000000000');
      for (const body of [big, huge]) {
        const res = await fetch(`${apiUrl}${path}`, { method: route.method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
        const text = await res.text();
        const problem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json') ? (JSON.parse(text) as { status: number; title: string }) : undefined;
        if (res.status !== 413 || problem?.status !== 413) failures.push(`${route.method} ${route.path} with ${body.length} bytes → ${res.status} ${text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a subject, an incident title or an account name with a line break or a control character is a 400 naming it', async () => {
    const tech = await login('tech');
    for (const bad of ['Guasto\nBcc: x@evil.example', 'a\r\nb', 'tab\there', 'n\u0000ul', 'd\u007fel', 'c\u00851', 'l\u2028s', 'p\u2029s']) {
      const ticket = await api('POST', '/tickets', { token: owner.token, body: ticketBody({ subject: bad }) });
      expect(isProblem(ticket, 400), JSON.stringify(ticket.body)).toBe(true);
      expect(ticket.body.errors).toContainEqual({ path: 'subject', message: 'must be one line without control characters' });
      const incident = await api('POST', '/incidents', { token: tech, body: { title: bad, customerIds: [owner.customerId] } });
      expect(incident.body.errors).toContainEqual({ path: 'title', message: 'must be one line without control characters' });
      const customer = await api('POST', '/admin/customers', { as: 'admin', body: { name: bad, billingEmail: 'a@b.example', locale: 'it' } });
      expect(customer.body.errors).toContainEqual({ path: 'name', message: 'must be one line without control characters' });
    }
  });

  it('left the table as it was', async () => {
    expect(await tableSnapshot()).toEqual(before);
  });
});
