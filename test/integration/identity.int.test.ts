/**
 * Proves issue 9 items 1–2 (identity and off-boarding) against the emulators, with real Cognito tokens:
 * - a username deleted in Cognito and created again for another account: the old user's live token is
 *   401 on every private route, its record is retired (not overwritten), and the new user sees only the
 *   new account on /me, /balance, /ledger and /tickets;
 * - a disabled user's live token is 401 on every private route (an admin's, so the admin routes too),
 *   the user can neither log in nor refresh, and after a re-enable logs in again while the tokens from
 *   before the sign-out stay refused;
 * - a demoted supervisor's live token is 403 on every supervisor-only route and still works where a
 *   technician may go; the Cognito groups follow;
 * - the admin routes: 403 for every other role, 404 for no such user, 400/409 for what is refused, and
 *   a refused request writes nothing.
 * Every "every route" is the route table itself. The test stack caches caller lookups for 1 s
 * (`callerCacheTtlSeconds`), so the tests wait for the condition, never for a fixed time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { routes, type RouteSpec } from '../../functions/api/routes';
import type { Role } from '../../functions/core/accounts/roles';
import { api, queryPk, stackEnv, subOf, tableSnapshot, uniq, type ApiResponse, expectProblem } from './support';
import { openTicket } from './ticket-fixtures';

const cognito = new CognitoIdentityProviderClient({
  region: stackEnv.AWS_REGION!,
  credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
  endpoint: stackEnv.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER!,
});
afterAll(() => cognito.destroy());

/** A fresh login (never the shared token cache): access and refresh token. */
async function logIn(username: string, password: string): Promise<{ access: string; refresh: string }> {
  const out = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stackEnv.USER_POOL_CLIENT_ID!, AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  return { access: out.AuthenticationResult!.AccessToken!, refresh: out.AuthenticationResult!.RefreshToken! };
}

async function refresh(token: string): Promise<string> {
  const out = await cognito.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: stackEnv.USER_POOL_CLIENT_ID!, AuthParameters: { REFRESH_TOKEN: token } }));
  return out.AuthenticationResult!.AccessToken!;
}

/** Waits (polling, generous deadline for a loaded machine) until `check` returns true; says what is stuck. */
async function waitFor(what: string, check: () => Promise<boolean>, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`still waiting after ${deadlineMs / 1000} s: ${what}`);
}

const PRIVATE = routes.filter((r): r is (typeof routes)[number] & { auth: readonly Role[] } => r.auth !== 'public');

/** The route with its path parameters filled with ids that exist nowhere. */
const pathOf = (route: RouteSpec) => route.path.replace('{id}', 'x_0000000000NOTHING').replace('{username}', 'nobody-here');

/** Calls the route as a client would, with an empty JSON body where it takes one. */
const call = (route: RouteSpec, token: string): Promise<ApiResponse<unknown>> =>
  api(route.method, pathOf(route), { token, ...(route.method === 'GET' ? {} : { body: {} }) });

/** Every private route's status for this token, as `METHOD path → status`. */
async function statuses(token: string, only: readonly RouteSpec[] = PRIVATE): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const route of only) out[`${route.method} ${route.path}`] = (await call(route, token)).status;
  return out;
}

const all = (statuses: Record<string, number>, status: number) => Object.fromEntries(Object.keys(statuses).map((k) => [k, status]));

async function newAccount(name: string, freeMinutes: number): Promise<string> {
  const res = await api('POST', '/admin/customers', { as: 'admin', body: { name: `${name} ${uniq('')}`, billingEmail: 'conti@id.example', locale: 'it', freeMinutes } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function newUser(username: string, password: string, role: Role, customerId?: string) {
  const res = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@id.example`, role, password, ...(customerId ? { customerId } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { sub: string; username: string; role: Role; enabled: boolean };
}

describe('a username deleted in Cognito and created again for another account', () => {
  const username = uniq('reuse');
  let oldAccount: string;
  let newAccountId: string;
  let oldUser: { sub: string };
  let oldToken: string;
  let oldTicketId: string;
  let newToken: string;

  beforeAll(async () => {
    oldAccount = await newAccount('Vecchia', 120);
    oldUser = await newUser(username, 'old-password-1', 'customer', oldAccount);
    oldToken = (await logIn(username, 'old-password-1')).access;
    oldTicketId = (await openTicket(oldToken, { subject: 'del vecchio account' })).id;
    // The old user's lookups are warm in every cache before the username changes hands.
    expect((await api('GET', '/me', { token: oldToken })).body.customer?.id).toBe(oldAccount);

    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: stackEnv.USER_POOL_ID!, Username: username }));
    newAccountId = await newAccount('Nuova', 480);
    const created = await newUser(username, 'new-password-2', 'customer', newAccountId);
    expect(created.sub).not.toBe(oldUser.sub);
    newToken = (await logIn(username, 'new-password-2')).access;
  });

  it('the new user sees only the new account on /me, /balance, /ledger and /tickets', async () => {
    const me = await api('GET', '/me', { token: newToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username, role: 'customer', customer: { id: newAccountId, balance: { freeMinutesRemaining: 480 } } });
    const balance = await api('GET', '/balance', { token: newToken });
    expect(balance.status).toBe(200);
    expect(balance.body.freeMinutesRemaining).toBe(480);
    const ledger = await api('GET', '/ledger', { token: newToken });
    expect(ledger.status).toBe(200);
    expect(ledger.body.items.length).toBeGreaterThan(0);
    expect(new Set(ledger.body.items.map((e: { customerId: string }) => e.customerId))).toEqual(new Set([newAccountId]));
    const tickets = await api('GET', '/tickets', { token: newToken });
    expect(tickets.status).toBe(200);
    expect(tickets.body.items).toEqual([]);
    expectProblem(await api('GET', `/tickets/${oldTicketId}`, { token: newToken }), 404);
  });

  it('the deleted user’s live token is 401 on every private route', async () => {
    await waitFor('the old token to be refused on GET /me', async () => (await api('GET', '/me', { token: oldToken })).status === 401);
    const seen = await statuses(oldToken);
    expect(seen).toEqual(all(seen, 401));
  });

  it('the old subject’s record is retired, not overwritten, and the username points at the new subject', async () => {
    const [old] = await queryPk(`USER#${oldUser.sub}`);
    expect(old).toMatchObject({ sub: oldUser.sub, customerId: oldAccount, enabled: false, retiredAt: expect.any(String) });
    expect(await subOf(username)).not.toBe(oldUser.sub);
  });
});

describe('a disabled user', () => {
  const username = uniq('adm');
  const password = 'admin-password-7';
  let live: { access: string; refresh: string };
  let snapshot: string[];

  beforeAll(async () => {
    await newUser(username, password, 'admin');
    live = await logIn(username, password);
    expect((await api('GET', '/me', { token: live.access })).status).toBe(200);
    const res = await api('POST', `/admin/users/${username}/disable`, { as: 'admin' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ username, role: 'admin', enabled: false });
  });

  it('has its live token refused (401) on every private route, and nothing is written', async () => {
    await waitFor('the disabled admin’s token to be refused on GET /me', async () => (await api('GET', '/me', { token: live.access })).status === 401);
    snapshot = await tableSnapshot();
    const seen = await statuses(live.access);
    expect(seen).toEqual(all(seen, 401));
    expect(await tableSnapshot()).toEqual(snapshot);
  });

  it('can neither log in nor refresh its token', async () => {
    await expect(logIn(username, password)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(refresh(live.refresh)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('disabling again is a no-op', async () => {
    const res = await api('POST', `/admin/users/${username}/disable`, { as: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body.enabled).toBe(false);
  });

  it('once enabled logs in and works again, while the tokens from before the sign-out stay refused', async () => {
    const res = await api('POST', `/admin/users/${username}/enable`, { as: 'admin' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.enabled).toBe(true);
    // A new token must come from a later second than the sign-out (`iat` has whole seconds).
    let fresh = '';
    await waitFor('a token issued after the sign-out to be accepted on GET /me', async () => {
      fresh = (await logIn(username, password)).access;
      return (await api('GET', '/me', { token: fresh })).status === 200;
    });
    expect((await api('GET', '/me', { token: fresh })).body).toEqual({ username, role: 'admin' });
    expectProblem(await api('GET', '/me', { token: live.access }), 401);
  });
});

describe('a demoted supervisor', () => {
  const username = uniq('sup');
  const password = 'super-password-3';
  let token: string;
  const supervisorOnly = PRIVATE.filter((r) => r.auth.includes('supervisor') && !r.auth.includes('technician'));
  const technicianToo = PRIVATE.filter((r) => r.auth.includes('technician'));

  beforeAll(async () => {
    await newUser(username, password, 'supervisor');
    token = (await logIn(username, password)).access;
  });

  it('first passes the supervisor routes’ role check', async () => {
    expect(supervisorOnly.length).toBeGreaterThan(0);
    for (const route of supervisorOnly) expect((await call(route, token)).status, route.path).not.toBe(403);
  });

  it('keeps its token but gets 403 on every supervisor-only route, and keeps the technician’s routes', async () => {
    const res = await api('PUT', `/admin/users/${username}/role`, { as: 'admin', body: { role: 'technician' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ username, role: 'technician', enabled: true });
    await waitFor('the demoted supervisor’s token to be refused on the supervisor routes', async () => {
      const seen = await statuses(token, supervisorOnly);
      return Object.values(seen).every((s) => s === 403);
    });
    const kept = await statuses(token, technicianToo);
    for (const [route, status] of Object.entries(kept)) expect([401, 403], route).not.toContain(status);
    expect((await api('GET', '/me', { token })).body).toEqual({ username, role: 'technician' });
  });

  it('is moved between the Cognito groups, so new tokens say the new role', async () => {
    const groups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: stackEnv.USER_POOL_ID!, Username: username }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['technician']);
  });
});

describe('the admin user routes', () => {
  const adminRoutes = PRIVATE.filter((r) => r.path.startsWith('/admin/users/'));

  it('are in the table: disable, enable, role', () => {
    expect(adminRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      ['POST /admin/users/{username}/disable', 'POST /admin/users/{username}/enable', 'PUT /admin/users/{username}/role'].sort(),
    );
  });

  it('are 403 for every other role, and write nothing', async () => {
    const before = await tableSnapshot();
    for (const who of ['alfa', 'tech', 'supervisor', 'finance']) {
      for (const route of adminRoutes) {
        const path = route.path.replace('{username}', 'beta');
        expectProblem(await api(route.method, path, { as: who, ...(route.method === 'PUT' ? { body: { role: 'admin' } } : {}) }), 403);
      }
    }
    expect(await tableSnapshot()).toEqual(before);
    expect((await api('GET', '/me', { as: 'beta' })).status).toBe(200);
  });

  it('answer 404 for a user that does not exist and 400 for a username that cannot exist', async () => {
    expectProblem(await api('POST', '/admin/users/nobody-here/disable', { as: 'admin' }), 404);
    expectProblem(await api('POST', '/admin/users/nobody-here/enable', { as: 'admin' }), 404);
    expectProblem(await api('PUT', '/admin/users/nobody-here/role', { as: 'admin', body: { role: 'finance' } }), 404);
    const bad = await api('POST', `/admin/users/${'x'.repeat(3000)}/disable`, { as: 'admin' });
    expectProblem(bad, 400);
    // Path parameters are checked at the edge (length, charset) before the handler reads them.
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: 'path.username' }));
  });

  it('refuse to make a customer staff or staff a customer, and an admin to lock itself out; nothing is written', async () => {
    const staff = uniq('fin');
    await newUser(staff, 'finance-password-5', 'finance');
    const before = await tableSnapshot();
    const toCustomer = await api('PUT', `/admin/users/${staff}/role`, { as: 'admin', body: { role: 'customer' } });
    expectProblem(toCustomer, 400);
    expect(toCustomer.body.errors).toContainEqual(expect.objectContaining({ path: 'role' }));
    expectProblem(await api('PUT', '/admin/users/alfa/role', { as: 'admin', body: { role: 'technician' } }), 409);
    expectProblem(await api('POST', '/admin/users/admin/disable', { as: 'admin' }), 409);
    expectProblem(await api('PUT', '/admin/users/admin/role', { as: 'admin', body: { role: 'finance' } }), 409);
    expectProblem(await api('PUT', `/admin/users/${staff}/role`, { as: 'admin', body: { role: 'technician', customerId: 'c_ALFA' } }), 400);
    expect(await tableSnapshot()).toEqual(before);
    expect((await api('GET', '/me', { as: 'alfa' })).body.role).toBe('customer');
  });
});
