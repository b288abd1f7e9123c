/**
 * Issue 12 item 8 (admin): the admin's lists of customers and users, and editing a customer.
 * - GET /admin/customers and GET /admin/users: 403 for every other role (customers included), ordered by
 *   name / username, `?q=` a case-insensitive prefix, paged with signed cursors bound to the query;
 * - PATCH /admin/customers/{id} takes name, billing email and locale: a new name moves the account in the
 *   list at once, a bad body is a 400 naming each field and changes nothing;
 * - a new user is listed with role, account and enabled; disable, enable and a role change show in the
 *   list; a username given to a new subject is listed once (the retired subject drops out);
 * - a grant's note is kept and shown in the account's ledger.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AdminDeleteUserCommand, CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backfillUserList } from '../../infra/scripts/backfill-user-list';
import { api, ddb, problemOf, stackEnv, subOf, uniq } from './support';

const cognito = new CognitoIdentityProviderClient({
  region: stackEnv.AWS_REGION!,
  credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
  endpoint: stackEnv.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER!,
});
afterAll(() => cognito.destroy());

const NOT_ADMIN = ['technician', 'supervisor', 'finance', 'alfa', 'beta'] as const;
const loginOf = (role: (typeof NOT_ADMIN)[number]) => (role === 'technician' ? 'tech' : role);

async function newCustomer(name: string) {
  const res = await api('POST', '/admin/customers', { as: 'admin', body: { name, billingEmail: 'conti@elenco.example', locale: 'it' } });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}

describe('GET /admin/customers and /admin/users: admin only', () => {
  it.each(NOT_ADMIN)('%s is refused with 403 on both lists', async (role) => {
    for (const path of ['/admin/customers', '/admin/users', '/admin/customers?q=alfa', '/admin/users?q=alfa', '/admin/customers/c_ALFA', '/admin/customers/c_BETA'] as const) {
      const res = await api('GET', path, { as: loginOf(role) });
      expect(res.status, `${role} GET ${path}`).toBe(403);
      expect(problemOf(res).status).toBe(403);
    }
  });

  it('a customer cannot rename another account (nor its own) through the admin route', async () => {
    const res = await api('PATCH', '/admin/customers/c_BETA', { as: 'alfa', body: { name: 'Presa' } });
    expect(res.status).toBe(403);
    const listed = await api('GET', '/admin/customers?q=beta', { as: 'admin' });
    expect(listed.body.items?.find((c) => c.id === 'c_BETA')?.name).toBe('Beta SpA');
  });
});

describe('GET /admin/customers', () => {
  it('lists accounts by name, case-insensitive prefix, a page at a time with a cursor bound to the query', async () => {
    const tag = uniq('elenco');
    // Created out of order and in mixed case: the list is by lowercased name.
    const c = await newCustomer(`${tag} Gamma Srl`);
    const a = await newCustomer(`${tag.toUpperCase()} alfa Srl`);
    const b = await newCustomer(`${tag} Beta SpA`);
    const first = await api('GET', `/admin/customers?q=${tag.toUpperCase()}&limit=2`, { as: 'admin' });
    expect(first.status).toBe(200);
    expect(first.body.items?.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(first.body.nextCursor).toBeTypeOf('string');
    const second = await api('GET', `/admin/customers?q=${tag.toUpperCase()}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { as: 'admin' });
    expect(second.status).toBe(200);
    expect(second.body.items?.map((x) => x.id)).toEqual([c.id]);
    expect(second.body.nextCursor).toBeUndefined();
    // The cursor is the list's with that query: with another q it is a 400 naming it.
    const other = await api('GET', `/admin/customers?q=${tag}x&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { as: 'admin' });
    expect(other.status).toBe(400);
    expect(problemOf(other).errors?.map((e) => e.path)).toEqual(['query.cursor']);
  });

  it('without q lists every account in name order; unknown or bad parameters are a 400 naming them', async () => {
    const all = await api('GET', '/admin/customers?limit=100', { as: 'admin' });
    expect(all.status).toBe(200);
    const names = all.body.items!.map((x) => x.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const bad = await api('GET', '/admin/customers?limit=0&balance=1', { as: 'admin' });
    expect(bad.status).toBe(400);
    expect(problemOf(bad).errors?.map((e) => e.path).sort()).toEqual(['query.balance', 'query.limit']);
  });
});

describe('PATCH /admin/customers/{id}: name, billing email, locale', () => {
  it('a new name moves the account in the list at once; email and locale change; fiscal data are kept', async () => {
    const tag = uniq('rinomina');
    const created = await newCustomer(`${tag} Vecchio Nome`);
    const fiscal = await api('PATCH', `/admin/customers/${created.id}`, { as: 'admin', body: { recipientCode: 'ABC1234' } });
    expect(fiscal.status).toBe(200);
    const res = await api('PATCH', `/admin/customers/${created.id}`, { as: 'admin', body: { name: `Zeta ${tag}`, billingEmail: 'nuovo@elenco.example', locale: 'en' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, name: `Zeta ${tag}`, billingEmail: 'nuovo@elenco.example', locale: 'en', recipientCode: 'ABC1234' });
    const one = await api('GET', `/admin/customers/${created.id}`, { as: 'admin' });
    expect(one.body).toMatchObject({ name: `Zeta ${tag}`, billingEmail: 'nuovo@elenco.example', locale: 'en', draftReady: false });
    const old = await api('GET', `/admin/customers?q=${tag}`, { as: 'admin' });
    expect(old.body.items).toEqual([]);
    const moved = await api('GET', `/admin/customers?q=zeta ${tag}`, { as: 'admin' });
    expect(moved.body.items?.map((x) => [x.id, x.name, x.locale])).toEqual([[created.id, `Zeta ${tag}`, 'en']]);
  });

  it('a bad body is a 400 naming each field, and nothing changes', async () => {
    const tag = uniq('campi');
    const created = await newCustomer(`${tag} Srl`);
    const res = await api('PATCH', `/admin/customers/${created.id}`, { as: 'admin', body: { name: '  ', billingEmail: 'non-una-email', locale: 'fr', hourlyRateCents: 1 } });
    // The rate is not this route's (it moves with the ledger's free bucket): refused by name.
    expect(res.status).toBe(400);
    expect(problemOf(res).errors?.map((e) => e.path).sort()).toEqual(['billingEmail', 'hourlyRateCents', 'locale', 'name']);
    const nulls = await api('PATCH', `/admin/customers/${created.id}`, { as: 'admin', body: { name: null } });
    expect(nulls.status).toBe(400);
    expect(problemOf(nulls).errors?.map((e) => e.path)).toEqual(['name']);
    const listed = await api('GET', `/admin/customers?q=${tag}`, { as: 'admin' });
    expect(listed.body.items?.map((x) => [x.name, x.billingEmail, x.locale])).toEqual([[`${tag} Srl`, 'conti@elenco.example', 'it']]);
    const missing = await api('PATCH', '/admin/customers/c_NESSUNO', { as: 'admin', body: { name: 'Nessuno' } });
    expect(missing.status).toBe(404);
    expect((await api('GET', '/admin/customers/c_NESSUNO', { as: 'admin' })).status).toBe(404);
  });
});

describe('GET /admin/users', () => {
  it('lists users by username with role, account and enabled; disable, enable and a role change show; paged', async () => {
    const tag = uniq('u');
    const customer = await newCustomer(`${tag} Utenti Srl`);
    const made = [];
    for (const [suffix, role] of [
      ['c', 'customer'],
      ['a', 'technician'],
      ['b', 'finance'],
    ] as const) {
      const res = await api('POST', '/admin/users', {
        as: 'admin',
        body: { username: `${tag}-${suffix}`, email: `${tag}-${suffix}@elenco.example`, role, ...(role === 'customer' ? { customerId: customer.id } : {}), password: 'password-temp-1' },
      });
      expect(res.status).toBe(201);
      made.push(res.body);
    }
    const first = await api('GET', `/admin/users?q=${tag}&limit=2`, { as: 'admin' });
    expect(first.status).toBe(200);
    expect(first.body.items?.map((u) => [u.username, u.role, u.enabled])).toEqual([
      [`${tag}-a`, 'technician', true],
      [`${tag}-b`, 'finance', true],
    ]);
    const second = await api('GET', `/admin/users?q=${tag}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { as: 'admin' });
    expect(second.body.items?.map((u) => [u.username, u.role, u.customerId])).toEqual([[`${tag}-c`, 'customer', customer.id]]);
    expect(second.body.nextCursor).toBeUndefined();

    expect((await api('POST', `/admin/users/${tag}-c/disable`, { as: 'admin' })).status).toBe(200);
    expect((await api('PUT', `/admin/users/${tag}-a/role`, { as: 'admin', body: { role: 'supervisor' } })).status).toBe(200);
    const after = await api('GET', `/admin/users?q=${tag}`, { as: 'admin' });
    expect(after.body.items?.map((u) => [u.username, u.role, u.enabled])).toEqual([
      [`${tag}-a`, 'supervisor', true],
      [`${tag}-b`, 'finance', true],
      [`${tag}-c`, 'customer', false],
    ]);
    expect((await api('POST', `/admin/users/${tag}-c/enable`, { as: 'admin' })).status).toBe(200);
    const enabled = await api('GET', `/admin/users?q=${tag}-c`, { as: 'admin' });
    expect(enabled.body.items?.map((u) => u.enabled)).toEqual([true]);
  });

  it('a username deleted in Cognito and given to someone new is listed once, for the new subject', async () => {
    const username = uniq('riuso');
    const body = { username, email: `${username}@elenco.example`, role: 'technician', password: 'password-temp-1' };
    const first = await api('POST', '/admin/users', { as: 'admin', body });
    expect(first.status).toBe(201);
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: stackEnv.USER_POOL_ID!, Username: username }));
    const again = await api('POST', '/admin/users', { as: 'admin', body: { ...body, role: 'finance' } });
    expect(again.status).toBe(201);
    const listed = await api('GET', `/admin/users?q=${username}`, { as: 'admin' });
    expect(listed.body.items?.map((u) => [u.sub, u.role])).toEqual([[again.body.sub, 'finance']]);
    expect(again.body.sub).not.toBe(first.body.sub);
  });

  it('the demo users are listed (the seed puts records in the list)', async () => {
    const res = await api('GET', '/admin/users?limit=100', { as: 'admin' });
    const names = res.body.items!.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin', 'alfa', 'beta', 'finance', 'supervisor', 'tech']));
    expect(res.body.items!.find((u) => u.username === 'alfa')).toMatchObject({ role: 'customer', customerId: 'c_ALFA', enabled: true });
  });

  it('a record from before the list (no gsi1 keys) is put in it by the one-off backfill, once', async () => {
    const username = uniq('vecchio');
    const created = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@elenco.example`, role: 'finance', password: 'password-temp-1' } });
    expect(created.status).toBe(201);
    const sub = await subOf(username);
    await ddb.send(new UpdateCommand({ TableName: stackEnv.TABLE_NAME!, Key: { pk: `USER#${sub}`, sk: 'PROFILE' }, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));
    expect((await api('GET', `/admin/users?q=${username}`, { as: 'admin' })).body.items).toEqual([]);
    Object.assign(process.env, stackEnv);
    const first = await backfillUserList({ tableName: stackEnv.TABLE_NAME!, userPoolId: stackEnv.USER_POOL_ID! });
    expect(first.listed).toBeGreaterThanOrEqual(1);
    expect((await api('GET', `/admin/users?q=${username}`, { as: 'admin' })).body.items?.map((u) => [u.username, u.role])).toEqual([[username, 'finance']]);
    const again = await backfillUserList({ tableName: stackEnv.TABLE_NAME!, userPoolId: stackEnv.USER_POOL_ID! });
    expect(again.listed).toBe(0);
  });

  it('a bad query is a 400 naming it', async () => {
    const res = await api('GET', '/admin/users?q=&limit=101', { as: 'admin' });
    expect(res.status).toBe(400);
    expect(problemOf(res).errors?.map((e) => e.path).sort()).toEqual(['query.limit', 'query.q']);
  });
});

describe('POST /admin/users with a temporary password', () => {
  it('the first login must choose a new password, then the user acts with it', async () => {
    const username = uniq('temp');
    const created = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@elenco.example`, role: 'customer', customerId: 'c_ALFA', temporaryPassword: 'provvisoria-1' } });
    expect(created.status).toBe(201);
    const first = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stackEnv.USER_POOL_CLIENT_ID!, AuthParameters: { USERNAME: username, PASSWORD: 'provvisoria-1' } }),
    );
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(first.AuthenticationResult).toBeUndefined();
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: stackEnv.USER_POOL_CLIENT_ID!, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session!, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: 'la-mia-password-9' } }),
    );
    const me = await api('GET', '/me', { token: done.AuthenticationResult!.AccessToken! });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username, role: 'customer' });
  });

  it('a password and a temporary password together are a 400 naming the temporary one; nothing is created', async () => {
    const username = uniq('entrambe');
    const res = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@elenco.example`, role: 'technician', password: 'password-temp-1', temporaryPassword: 'provvisoria-1' } });
    expect(res.status).toBe(400);
    expect(problemOf(res).errors?.map((e) => e.path)).toEqual(['temporaryPassword']);
    const listed = await api('GET', `/admin/users?q=${username}`, { as: 'admin' });
    expect(listed.body.items).toEqual([]);
  });
});

describe('grants of free hours with a note', () => {
  it('the note is kept and shown with the movement in the account’s ledger', async () => {
    const created = await newCustomer(uniq('Omaggio '));
    const note = 'Scuse per il disservizio del 12 novembre';
    const grant = await api('POST', `/admin/customers/${created.id}/grants`, { as: 'admin', body: { minutes: 90, note }, headers: { 'idempotency-key': uniq('grant-') } });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ minutes: 90, note, by: 'admin', reason: 'grant', bucket: 'free' });
    const ledger = await api('GET', `/ledger?customerId=${created.id}`, { as: 'admin' });
    expect(ledger.body.items?.find((e) => e.id === grant.body.id)).toMatchObject({ minutes: 90, note, by: 'admin' });
    const balance = await api('GET', `/balance?customerId=${created.id}`, { as: 'admin' });
    expect(balance.body.freeMinutesRemaining).toBe(300 + 90);
  });
});
