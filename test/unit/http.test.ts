/**
 * Proves the HTTP edge on its own: the caller from both claim shapes, field errors that name the field,
 * the role check from the route table against the user record of the token's subject (not the token's
 * groups), and the mapping of errors to problem+json (500 only for bugs).
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { User } from '../../functions/core/accounts/accounts';
import type { CallerDirectory } from '../../functions/core/accounts/caller';
import { conflict } from '../../functions/core/errors';
import { principalFrom, type HttpEvent } from '../../functions/shared/http';
import { httpHandler } from '../../functions/api/handler';

const event = (over: { body?: string; claims?: Record<string, string>; query?: Record<string, string>; headers?: Record<string, string> } = {}): HttpEvent =>
  ({
    version: '2.0',
    rawPath: '/admin/customers',
    headers: { 'content-type': 'application/json', ...over.headers },
    ...(over.query ? { queryStringParameters: over.query } : {}),
    requestContext: { http: { method: 'POST' }, ...(over.claims ? { authorizer: { jwt: { claims: over.claims, scopes: [] } } } : {}) },
    ...(over.body !== undefined ? { body: over.body } : {}),
    isBase64Encoded: false,
  }) as unknown as HttpEvent;

const admin = { token_use: 'access', sub: 's1', username: 'root', 'cognito:groups': '[admin]' };

const record = (sub: string, username: string, over: Partial<User> = {}): User => ({
  sub,
  username,
  email: `${username}@x.example`,
  role: 'admin',
  enabled: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});
const users = new Map<string, User>([
  ['s1', record('s1', 'root')],
  ['s2', record('s2', 'cust', { role: 'customer', customerId: 'c_1' })],
  ['s3', record('s3', 'gone', { enabled: false })],
  ['s4', record('s4', 'old', { enabled: false, retiredAt: '2026-11-02T00:00:00.000Z' })],
  ['s5', record('s5', 'back', { signedOutAt: '2026-11-10T00:00:00.000Z' })],
]);
const signedOut = Date.parse('2026-11-10T00:00:00.000Z') / 1000;
const callers: CallerDirectory = { userBySub: async (sub) => users.get(sub) };
const customer = { token_use: 'access', sub: 's2', username: 'cust', 'cognito:groups': '[customer]' };

describe('principalFrom', () => {
  it('reads API Gateway flattened groups and real arrays', () => {
    expect(principalFrom(event({ claims: admin }))).toEqual({ sub: 's1', username: 'root', roles: ['admin'] });
    const arr = event({ claims: { ...admin, 'cognito:groups': ['finance', 'bogus'] as unknown as string } });
    expect(principalFrom(arr)?.roles).toEqual(['finance']);
  });
  it('refuses anything but an access token', () => {
    expect(principalFrom(event({ claims: { ...admin, token_use: 'id' } }))).toBeUndefined();
  });
});

describe('httpHandler', () => {
  const body = z.strictObject({ name: z.string().check(z.minLength(1)), minutes: z.optional(z.int().check(z.minimum(1))) });
  const handler = httpHandler({ route: 'create-customer', body, callers }, async ({ body }) => ({ status: 201, body }));

  it('passes a valid body through', async () => {
    const res = await handler(event({ claims: admin, body: '{"name":"x","minutes":3}' }));
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body!)).toEqual({ name: 'x', minutes: 3 });
  });

  it.each([
    ['{}', 'name', 'is required'],
    ['{"name":5}', 'name', 'must be a string'],
    ['{"name":"x","minutes":1.5}', 'minutes', 'must be an integer'],
    ['{"name":"x","minutes":0}', 'minutes', 'must be at least 1'],
    ['{"name":"x","customerId":"c"}', 'customerId', 'unknown field'],
  ])('400 for %s naming %s', async (raw, path, message) => {
    const res = await handler(event({ claims: admin, body: raw }));
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toMatch(/problem\+json/);
    expect(JSON.parse(res.body!).errors).toContainEqual({ path, message });
  });

  it.each([
    ['x'.repeat(129), 'too long'],
    ['%zz', 'an undecodable escape'],
    ['a\nb', 'a control character'],
    ['', 'empty'],
  ])('400 naming path.id for an id that is %s… (%s), before the handler runs', async (id, _why) => {
    let ran = false;
    const withId = httpHandler({ route: 'create-grant', callers }, async () => {
      ran = true;
      return { status: 201 };
    });
    const res = await withId({ ...event({ claims: admin }), pathParameters: { id } });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).errors).toEqual([{ path: 'path.id', message: expect.stringMatching(/^must be 1–128 characters/) }]);
    expect(ran).toBe(false);
  });

  it('401 without a principal, 403 for a role the route does not allow', async () => {
    expect((await handler(event({ body: '{"name":"x"}' }))).statusCode).toBe(401);
    expect((await handler(event({ claims: customer, body: '{"name":"x"}' }))).statusCode).toBe(403);
  });

  it('takes the role from the user record: groups in the token grant nothing and take nothing away', async () => {
    expect((await handler(event({ claims: { ...customer, 'cognito:groups': '[admin]' }, body: '{"name":"x"}' }))).statusCode).toBe(403);
    expect((await handler(event({ claims: { ...admin, 'cognito:groups': '[customer]' }, body: '{"name":"x"}' }))).statusCode).toBe(201);
  });

  it.each([
    ['no user has the subject', { ...admin, sub: 'nobody' }],
    ['the user is disabled', { ...admin, sub: 's3', username: 'gone' }],
    ['the subject was retired (its username went to another subject)', { ...admin, sub: 's4', username: 'old' }],
    ['the username is not the subject’s', { ...admin, username: 'cust' }],
    ['the token was issued before its user was signed out (disabled, enabled again)', { ...admin, sub: 's5', username: 'back', iat: String(signedOut - 60) }],
    ['the token was issued in the second of the sign-out', { ...admin, sub: 's5', username: 'back', iat: String(signedOut) }],
  ])('401 when %s, before the body is looked at', async (_why, claims) => {
    const res = await handler(event({ claims, body: '{"name":5}' }));
    expect(res.statusCode).toBe(401);
    expect(res.headers?.['content-type']).toMatch(/problem\+json/);
  });

  it('a token issued after the sign-out is accepted', async () => {
    const claims = { ...admin, sub: 's5', username: 'back', iat: String(signedOut + 1) };
    expect((await handler(event({ claims, body: '{"name":"x"}' }))).statusCode).toBe(201);
  });

  it('a private route cannot be built without a caller directory', () => {
    expect(() => httpHandler({ route: 'get-me' } as never, async () => ({ status: 200 }))).toThrow(/caller directory/);
  });

  it('413 over 64 KB, before parsing', async () => {
    const res = await handler(event({ claims: admin, body: `{"name":"${'x'.repeat(65 * 1024)}"}` }));
    expect(res.statusCode).toBe(413);
  });

  it('refuses a body where the route takes none', async () => {
    const noBody = httpHandler({ route: 'get-me', callers }, async () => ({ status: 200, body: {} }));
    const claims = customer;
    expect((await noBody(event({ claims, body: '{"customerId":"c_OTHER"}' }))).statusCode).toBe(400);
    expect((await noBody(event({ claims, body: '{}' }))).statusCode).toBe(200);
    expect((await noBody(event({ claims, query: { customerId: 'c' } }))).statusCode).toBe(400);
  });

  it('maps domain errors to their status and anything else to a 500 that hides the cause', async () => {
    const conflicting = httpHandler({ route: 'get-me', callers }, async () => {
      throw conflict('already there');
    });
    const crashing = httpHandler({ route: 'get-me', callers }, async () => {
      throw new Error('secret internals');
    });
    const claims = customer;
    expect((await conflicting(event({ claims }))).statusCode).toBe(409);
    const crash = await crashing(event({ claims }));
    expect(crash.statusCode).toBe(500);
    expect(crash.body).not.toContain('secret internals');
  });
});

describe('conditional requests', () => {
  it('If-None-Match matches by weak comparison, in a list, or with *', async () => {
    const { noneMatch, etagOf } = await import('../../functions/shared/http');
    const tag = etagOf('{"a":1}');
    expect(tag).toBe(etagOf('{"a":1}'));
    expect(tag).not.toBe(etagOf('{"a":2}'));
    expect(noneMatch(undefined, tag)).toBe(false);
    expect(noneMatch(tag, tag)).toBe(true);
    expect(noneMatch(`W/${tag}`, tag)).toBe(true);
    expect(noneMatch(`"x", ${tag}`, tag)).toBe(true);
    expect(noneMatch(' * ', tag)).toBe(true);
    expect(noneMatch('"x", "y"', tag)).toBe(false);
    expect(noneMatch(tag.slice(0, -2) + '"', tag)).toBe(false);
  });
});
