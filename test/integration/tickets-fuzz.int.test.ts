/**
 * Proves, by property-based fuzzing (fast-check) through the gateway with real tokens, that every write
 * route of tickets and incidents refuses bad bodies cleanly: for each route at least 1,000 generated
 * bodies, each with at least one defect (a wrong type, a missing or an extra field, a huge or blank
 * string, half a Unicode character, an out-of-range number, null, not an object, not JSON), mixed with
 * valid-looking unicode elsewhere → always a 4xx problem+json, never a 5xx, and the table unchanged.
 * Each route is aimed at a target where a valid body would write (an open ticket, an active incident),
 * so "unchanged" is meaningful.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORY_IDS } from '../../functions/core/tickets/categories';
import { api, tableSnapshot } from './support';
import { newCustomerUser, newStaff, openTicket, pool, type CustomerUser } from './ticket-fixtures';

const BODIES_PER_ROUTE = 1_000;
const CONCURRENCY = 8;

type Generated = { body: unknown } | { raw: string };

/** Any JSON value that is not of the given kind. */
const notA = (kind: 'string' | 'number' | 'boolean' | 'array') =>
  fc.oneof(
    fc.constant(null),
    ...(kind === 'string' ? [] : [fc.string({ unit: 'binary', maxLength: 20 })]),
    ...(kind === 'number' ? [] : [fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })]),
    ...(kind === 'boolean' ? [] : [fc.boolean()]),
    ...(kind === 'array' ? [] : [fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })]),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  );

/** Unicode that is fine on its own: emoji, accents, right-to-left, control characters. */
const anyText = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(max, 80) }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 40) }),
    fc.constantFrom('Guasto 🛜 sulla linea', 'שלום', 'a\u0000b', 'Ünïcödé\u200d', '\u202eabc'),
  );

/** Text with a defect: blank, over its maximum (up to ~70 KB, past the 64 KB body limit), half a character, or not a string. */
const badText = (max: number) =>
  fc.oneof(
    fc.constantFrom('', ' ', '\t\n  ', '\u00a0'),
    fc.tuple(fc.constantFrom('x', 'è', '🛜', '語'), fc.integer({ min: 1, max: 70_000 })).map(([c, extra]) => c.repeat(max + extra)),
    fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\ud800', '\udfff', '\udc00x')).map(([s, half]) => `${s}${half}`),
    notA('string'),
  );

const badEnum = (values: readonly string[]) => fc.oneof(fc.string({ maxLength: 30 }).filter((s) => !values.includes(s)), notA('string'));

interface Field {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
  required: boolean;
}

/** Bodies with at least one defect, built from a valid-looking body of the route's fields. */
function badBodies(fields: Record<string, Field>): fc.Arbitrary<Generated> {
  const names = Object.keys(fields);
  const required = names.filter((n) => fields[n]!.required);
  const valid = fc.record(Object.fromEntries(names.map((n) => [n, fields[n]!.valid])), { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names).chain((n) => fc.tuple(valid, fields[n]!.invalid).map(([body, v]) => ({ body: { ...body, [n]: v } }))) },
    { weight: 2, arbitrary: fc.constantFrom(...required).chain((n) => valid.map((body) => ({ body: Object.fromEntries(Object.entries(body).filter(([k]) => k !== n)) }))) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('customerId', 'status', 'loggedMinutes', 'by', '__proto__', 'constructor')), fc.jsonValue({ maxDepth: 2 }))
        .filter(([, key]) => !Object.hasOwn(fields, key))
        .map(([body, key, v]) => ({ body: { ...body, [key]: v } })),
    },
    { weight: 1, arbitrary: fc.tuple(valid, ...names.map((n) => fields[n]!.invalid)).map(([body, ...bad]) => ({ body: { ...body, ...Object.fromEntries(names.map((n, i) => [n, bad[i]])) } })) },
    { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()).map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => ({ raw: `{"${s}` })) },
  );
}

/** Bodies for a route that takes none: anything but no body or `{}`. */
const nonEmptyBodies: fc.Arbitrary<Generated> = fc.oneof(
  fc.dictionary(fc.string({ unit: 'binary', maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 }).map((body) => ({ body })),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }).map((body) => ({ body })),
  fc.oneof(fc.constant(null), fc.string({ unit: 'binary' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()).map((body) => ({ body })),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => ({ raw: `{"${s}` })),
);

let customer: CustomerUser;
let other: CustomerUser;
let tech: { username: string; token: string };
let ticketId: string;
let incidentId: string;

beforeAll(async () => {
  [customer, other, tech] = await Promise.all([newCustomerUser('Fuzz'), newCustomerUser('Fuzz 2'), newStaff('technician')]);
  ticketId = (await openTicket(customer.token)).id;
  incidentId = (await api('POST', '/incidents', { token: tech.token, body: { title: 'Fuzz', customerIds: [customer.customerId] } })).body.id;
});

async function fuzz(path: () => string, token: () => string, bodies: fc.Arbitrary<Generated>): Promise<void> {
  const samples = fc.sample(bodies, BODIES_PER_ROUTE);
  const before = await tableSnapshot();
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  await pool(samples, CONCURRENCY, async (sample) => {
    const res = await api('POST', path(), 'raw' in sample ? { token: token(), rawBody: sample.raw, headers: { 'content-type': 'application/json' } } : { token: token(), body: sample.body });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const isProblem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json') && res.body?.status === res.status;
    if (res.status < 400 || res.status >= 500 || !isProblem) failures.push(`${res.status} for ${JSON.stringify(sample).slice(0, 300)} → ${JSON.stringify(res.body).slice(0, 200)}`);
  });
  expect(failures.slice(0, 5)).toEqual([]);
  expect(samples).toHaveLength(BODIES_PER_ROUTE);
  expect([...statuses.keys()].every((s) => s === 400 || s === 413)).toBe(true);
  expect(await tableSnapshot()).toEqual(before);
}

describe(`every write route refuses ${BODIES_PER_ROUTE} bad bodies with a 4xx problem+json and writes nothing`, () => {
  it('POST /tickets', async () => {
    await fuzz(
      () => '/tickets',
      () => customer.token,
      badBodies({
        category: { valid: fc.constantFrom(...CATEGORY_IDS), invalid: badEnum(CATEGORY_IDS), required: true },
        subject: { valid: anyText(200), invalid: badText(200), required: true },
        description: { valid: anyText(10_000), invalid: badText(10_000), required: true },
        onSite: { valid: fc.boolean(), invalid: notA('boolean'), required: false },
      }),
    );
  });

  it('POST /tickets/{id}/messages', async () => {
    await fuzz(
      () => `/tickets/${ticketId}/messages`,
      () => customer.token,
      badBodies({ body: { valid: anyText(10_000), invalid: badText(10_000), required: true } }),
    );
  });

  it('POST /tickets/{id}/worklogs', async () => {
    await fuzz(
      () => `/tickets/${ticketId}/worklogs`,
      () => tech.token,
      badBodies({
        minutes: {
          valid: fc.integer({ min: 1, max: 1440 }),
          invalid: fc.oneof(
            fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
            fc.integer({ min: -1_000_000, max: 0 }),
            fc.integer({ min: 1441 }),
            fc.constantFrom(1e308, -0.5, 2 ** 53 + 2),
            notA('number'),
          ),
          required: true,
        },
        kind: { valid: fc.constantFrom('remote', 'onsite'), invalid: badEnum(['remote', 'onsite']), required: true },
        note: { valid: anyText(2_000), invalid: badText(2_000), required: true },
      }),
    );
  });

  it('POST /incidents', async () => {
    const realIds = [customer.customerId, other.customerId];
    await fuzz(
      () => '/incidents',
      () => tech.token,
      badBodies({
        title: { valid: anyText(200), invalid: badText(200), required: true },
        customerIds: {
          valid: fc.subarray(realIds, { minLength: 1 }),
          invalid: fc.oneof(
            fc.constant([]),
            notA('array'),
            fc.array(badText(64), { minLength: 1, maxLength: 3 }),
            fc.array(fc.constantFrom(...realIds), { minLength: 100, maxLength: 120 }),
            fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && s.isWellFormed() && !realIds.includes(s.trim())), { minLength: 1, maxLength: 3 }),
          ),
          required: true,
        },
        startedAt: {
          valid: fc.date({ min: new Date('2020-01-01'), max: new Date(), noInvalidDate: true }).map((d) => d.toISOString()),
          invalid: fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01', 'yesterday', '2999-01-01T00:00:00Z'),
            notA('string'),
          ),
          required: false,
        },
      }),
    );
  });

  it('POST /incidents/{id}/close (takes no body)', async () => {
    await fuzz(
      () => `/incidents/${incidentId}/close`,
      () => tech.token,
      nonEmptyBodies,
    );
    expect((await api('POST', `/incidents/${incidentId}/close`, { token: tech.token })).status).toBe(200);
  });
});
