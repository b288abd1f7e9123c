/**
 * Proves the HTTP edge on its own: the caller from both claim shapes, field errors that name the field,
 * the role check from the route table, and the mapping of errors to problem+json (500 only for bugs).
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { conflict } from '../../functions/core/errors';
import { httpHandler, principalFrom, type HttpEvent } from '../../functions/shared/http';

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
  const handler = httpHandler({ route: 'create-customer', body }, async ({ body }) => ({ status: 201, body }));

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
    const withId = httpHandler({ route: 'create-grant' }, async () => {
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
    expect((await handler(event({ claims: { ...admin, 'cognito:groups': '[customer]' }, body: '{"name":"x"}' }))).statusCode).toBe(403);
  });

  it('413 over 64 KB, before parsing', async () => {
    const res = await handler(event({ claims: admin, body: `{"name":"${'x'.repeat(65 * 1024)}"}` }));
    expect(res.statusCode).toBe(413);
  });

  it('refuses a body where the route takes none', async () => {
    const noBody = httpHandler({ route: 'get-me' }, async () => ({ status: 200, body: {} }));
    const claims = { ...admin, 'cognito:groups': '[customer]' };
    expect((await noBody(event({ claims, body: '{"customerId":"c_OTHER"}' }))).statusCode).toBe(400);
    expect((await noBody(event({ claims, body: '{}' }))).statusCode).toBe(200);
    expect((await noBody(event({ claims, query: { customerId: 'c' } }))).statusCode).toBe(400);
  });

  it('maps domain errors to their status and anything else to a 500 that hides the cause', async () => {
    const conflicting = httpHandler({ route: 'get-me' }, async () => {
      throw conflict('already there');
    });
    const crashing = httpHandler({ route: 'get-me' }, async () => {
      throw new Error('secret internals');
    });
    const claims = { ...admin, 'cognito:groups': '[customer]' };
    expect((await conflicting(event({ claims }))).statusCode).toBe(409);
    const crash = await crashing(event({ claims }));
    expect(crash.statusCode).toBe(500);
    expect(crash.body).not.toContain('secret internals');
  });
});
