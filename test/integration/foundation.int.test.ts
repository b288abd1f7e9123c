/**
 * Proves the foundation end to end on the emulators: discovery routes, login through the Cognito
 * emulator, the JWT checks of the gateway + handler (every bad token is a 401), role checks (403),
 * the admin routes, and that every client mistake is a 4xx problem+json that writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { buildOpenApi } from '#contracts/openapi';
import { routes } from '../../functions/api/routes';
import { CATEGORY_IDS } from '../../functions/core/tickets/categories';
import { api, forgeToken, idToken, login, queryPk, stackEnv, subOf, tableSnapshot, uniq, expectProblem } from './support';

describe('discovery', () => {
  it('GET /health needs no token', async () => {
    const res = await api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /config.json tells the portal how to log in', async () => {
    const res = await api('GET', '/config.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      apiBase: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      cognito: { endpoint: stackEnv.COGNITO_PUBLIC_ENDPOINT, region: 'eu-south-1', userPoolId: stackEnv.USER_POOL_ID, clientId: stackEnv.USER_POOL_CLIENT_ID },
    });
  });

  it('GET /openapi.json documents every route of the table, with the Zod body schemas', async () => {
    const res = await api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(buildOpenApi());
    const doc = res.body as typeof res.body & { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; additionalProperties?: unknown } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of routes) expect(doc.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    const body = doc.paths['/admin/customers']!.post!.requestBody!.content['application/json']!.schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'billingEmail', 'locale']));
    expect(body.additionalProperties).toBe(false);
  });

  it('GET /categories lists the eleven categories with Italian and English labels', async () => {
    const res = await api('GET', '/categories', { as: 'alfa' });
    expect(res.status).toBe(200);
    expect(res.body.map((c) => c.id)).toEqual(CATEGORY_IDS);
    expect(res.body.find((c) => c.id === 'configuration_change')).toEqual({
      id: 'configuration_change',
      expected: 'billable',
      label: { it: 'Cambi di configurazione', en: 'Configuration change' },
    });
  });

  it('unknown routes are 404 and wrong methods 405 with Allow, as problem+json', async () => {
    expectProblem(await api('GET', '/nope', { as: 'alfa' }), 404);
    const wrong = await api('DELETE', '/me', { as: 'alfa' });
    expectProblem(wrong, 405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

describe('who is calling', () => {
  it('a demo customer logs in and sees its account and its free bank', async () => {
    const res = await api('GET', '/me', { as: 'alfa' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      username: 'alfa',
      role: 'customer',
      customer: { id: 'c_ALFA', name: 'Alfa Srl', locale: 'it', hourlyRateCents: 6000, balance: { freeMinutesRemaining: expect.any(Number), hourlyRateCents: 6000 } },
    });
  });

  it('staff have no account', async () => {
    const res = await api('GET', '/me', { as: 'tech' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ username: 'tech', role: 'technician' });
  });
});

describe('tokens: every bad token is a 401', () => {
  it('no token', async () => expectProblem(await api('GET', '/me'), 401));
  it('a malformed header', async () => expectProblem(await api('GET', '/me', { headers: { authorization: 'Token abc' } }), 401));
  it('garbage', async () => expectProblem(await api('GET', '/me', { token: 'not.a.jwt' }), 401));
  it('expired', async () => {
    const token = await forgeToken({ exp: Math.floor(Date.now() / 1000) - 60 }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const res = await api('GET', '/me', { token });
    expectProblem(res, 401);
    expect(res.body.detail).toMatch(/expired/);
  });
  it('another issuer', async () => expectProblem(await api('GET', '/me', { token: await forgeToken({ iss: 'http://127.0.0.1:1/local_other' }) }), 401));
  it('another client', async () => expectProblem(await api('GET', '/me', { token: await forgeToken({ client_id: 'someone-else' }) }), 401));
  it('an ID token instead of an access token', async () => expectProblem(await api('GET', '/me', { token: await idToken('alfa') }), 401));
  it('alg: none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ token_use: 'access', client_id: stackEnv.USER_POOL_CLIENT_ID, username: 'admin', sub: 'x', 'cognito:groups': ['admin'], iss: `${stackEnv.COGNITO_PUBLIC_ENDPOINT}/${stackEnv.USER_POOL_ID}`, exp: Math.floor(Date.now() / 1000) + 3600 }),
    ).toString('base64url');
    expectProblem(await api('GET', '/me', { token: `${header}.${payload}.` }), 401);
  });
  it('signed with another key under the same kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ token_use: 'access', client_id: stackEnv.USER_POOL_CLIENT_ID, username: 'admin', sub: 'x', 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .setIssuer(`${stackEnv.COGNITO_PUBLIC_ENDPOINT}/${stackEnv.USER_POOL_ID}`)
      .setExpirationTime('1h')
      .sign(privateKey);
    expectProblem(await api('GET', '/me', { token }), 401);
  });
  it('a correctly forged token is accepted, so the checks above are what refuse the others', async () => {
    expect((await api('GET', '/categories', { token: await forgeToken({ sub: await subOf('admin') }) })).status).toBe(200);
  });
  it('a well-signed token whose subject is no user', async () => expectProblem(await api('GET', '/categories', { token: await forgeToken({ sub: 'no-such-subject' }) }), 401));
});

describe('roles', () => {
  it('a customer or a technician on an admin route gets 403 and nothing is written', async () => {
    const before = await tableSnapshot();
    for (const who of ['alfa', 'tech', 'finance']) {
      expectProblem(await api('POST', '/admin/customers', { as: who, body: { name: 'X', billingEmail: 'x@x.example', locale: 'it' } }), 403);
      expectProblem(await api('POST', '/admin/users', { as: who, body: { username: uniq('u'), email: 'x@x.example', role: 'admin' } }), 403);
    }
    expect(await tableSnapshot()).toEqual(before);
  });
});

describe('admin: customers and users', () => {
  it('creates a customer with its free bank (default 300 minutes) as a ledger entry', async () => {
    const res = await api('POST', '/admin/customers', { as: 'admin', body: { name: 'Gamma Snc', billingEmail: 'conti@gamma.example', locale: 'it', vatNumber: 'IT11122233344' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^c_/), name: 'Gamma Snc', hourlyRateCents: 6000, freeMinutesGranted: 300, locale: 'it' });
    const items = await queryPk(`CUSTOMER#${res.body.id}`);
    const entries = items.filter((i) => i.type === 'entry');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ bucket: 'free', reason: 'grant', minutes: 300, by: 'admin' });
  });

  it('creates a customer user with a permanent password who then logs in and sees that account', async () => {
    const customer = await api('POST', '/admin/customers', { as: 'admin', body: { name: 'Delta Srl', billingEmail: 'a@delta.example', locale: 'en', freeMinutes: 600, hourlyRateCents: 7500 } });
    const username = uniq('delta');
    const created = await api('POST', '/admin/users', { as: 'admin', body: { username, email: 'u@delta.example', role: 'customer', customerId: customer.body.id, password: 'delta-password-9' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username, role: 'customer', customerId: customer.body.id, sub: expect.any(String) });
    const token = await login(username, 'delta-password-9');
    const me = await api('GET', '/me', { token });
    expect(me.body).toMatchObject({ username, role: 'customer', customer: { id: customer.body.id, locale: 'en', hourlyRateCents: 7500, balance: { freeMinutesRemaining: 600 } } });
  });

  it('a staff user gets its role from its group', async () => {
    const username = uniq('tech');
    expect((await api('POST', '/admin/users', { as: 'admin', body: { username, email: 't@monteore.example', role: 'technician', password: 'tech-password-42' } })).status).toBe(201);
    const me = await api('GET', '/me', { token: await login(username, 'tech-password-42') });
    expect(me.body).toEqual({ username, role: 'technician' });
  });
});

describe('bad input is a 400 naming the field, and writes nothing', () => {
  const cases: [string, string, unknown, string][] = [
    ['/admin/customers', 'missing name', { billingEmail: 'a@b.example', locale: 'it' }, 'name'],
    ['/admin/customers', 'unknown field', { name: 'A', billingEmail: 'a@b.example', locale: 'it', balance: 1 }, 'balance'],
    ['/admin/customers', 'wrong type', { name: 42, billingEmail: 'a@b.example', locale: 'it' }, 'name'],
    ['/admin/customers', 'bad email', { name: 'A', billingEmail: 'nope', locale: 'it' }, 'billingEmail'],
    ['/admin/customers', 'bad locale', { name: 'A', billingEmail: 'a@b.example', locale: 'fr' }, 'locale'],
    ['/admin/customers', 'fractional minutes', { name: 'A', billingEmail: 'a@b.example', locale: 'it', freeMinutes: 1.5 }, 'freeMinutes'],
    ['/admin/customers', 'negative minutes', { name: 'A', billingEmail: 'a@b.example', locale: 'it', freeMinutes: -1 }, 'freeMinutes'],
    ['/admin/customers', 'fractional cents', { name: 'A', billingEmail: 'a@b.example', locale: 'it', hourlyRateCents: 60.5 }, 'hourlyRateCents'],
    ['/admin/users', 'customer without account', { username: 'nobody1', email: 'a@b.example', role: 'customer' }, 'customerId'],
    ['/admin/users', 'account that does not exist', { username: 'nobody2', email: 'a@b.example', role: 'customer', customerId: 'c_NOPE', password: 'long-enough-pw-1' }, 'customerId'],
    ['/admin/users', 'staff with an account', { username: 'nobody3', email: 'a@b.example', role: 'technician', customerId: 'c_ALFA' }, 'customerId'],
    ['/admin/users', 'weak password', { username: 'nobody4', email: 'a@b.example', role: 'admin', password: 'short1' }, 'password'],
    ['/admin/users', 'unknown role', { username: 'nobody5', email: 'a@b.example', role: 'root' }, 'role'],
  ];
  for (const [path, name, body, field] of cases) {
    it(`${path}: ${name}`, async () => {
      const before = await tableSnapshot();
      const res = await api('POST', path, { as: 'admin', body });
      expectProblem(res, 400);
      expect(res.body.errors?.map((e) => e.path)).toContain(field);
      expect(await tableSnapshot()).toEqual(before);
    });
  }

  it('a weak password creates no Cognito user (the same username works afterwards)', async () => {
    const username = uniq('weak');
    expectProblem(await api('POST', '/admin/users', { as: 'admin', body: { username, email: 'a@b.example', role: 'admin', password: 'short1' } }), 400);
    expect((await api('POST', '/admin/users', { as: 'admin', body: { username, email: 'a@b.example', role: 'admin', password: 'a-long-password-1' } })).status).toBe(201);
  });

  it('a duplicate username is a 409', async () => {
    const before = await tableSnapshot();
    expectProblem(await api('POST', '/admin/users', { as: 'admin', body: { username: 'alfa', email: 'a@b.example', role: 'customer', customerId: 'c_BETA', password: 'a-long-password-1' } }), 409);
    expect(await tableSnapshot()).toEqual(before);
    expect((await api('GET', '/me', { as: 'alfa' })).body.customer?.id).toBe('c_ALFA');
  });

  it('invalid JSON, a non-JSON content type and a body over 64 KB', async () => {
    const before = await tableSnapshot();
    expectProblem(await api('POST', '/admin/customers', { as: 'admin', rawBody: '{"name":', headers: { 'content-type': 'application/json' } }), 400);
    expectProblem(await api('POST', '/admin/customers', { as: 'admin', rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400);
    const huge = { name: 'A', billingEmail: 'a@b.example', locale: 'it', vatNumber: 'x'.repeat(70 * 1024) };
    expectProblem(await api('POST', '/admin/customers', { as: 'admin', body: huge }), 413);
    expect(await tableSnapshot()).toEqual(before);
  });

  it('unknown query parameters (so no customerId can be smuggled in)', async () => {
    expectProblem(await api('GET', '/me?customerId=c_BETA', { as: 'alfa' }), 400);
  });
});
