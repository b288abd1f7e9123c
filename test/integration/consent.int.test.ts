/**
 * Proves "consent before consuntivo" (PRODUCT.md, wave 2) through the gateway: a billable request from an
 * account with no free or package minutes left is refused without `consentToConsuntivo: true` (a 400 naming
 * the field) and the refusal writes nothing — not the ticket, not its Idempotency-Key; with consent the
 * rate, time and user are recorded on the ticket; a double click is one ticket; included categories and
 * accounts with prepaid minutes never ask.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, uniq } from './support';

const PASSWORD = 'consent-tests-pw-1';

async function account(freeMinutes: number, hourlyRateCents = 7_500) {
  const customer = await api('POST', '/admin/customers', { as: 'admin', body: { name: uniq('Consenso '), billingEmail: 'conti@consenso.example', locale: 'it', freeMinutes, hourlyRateCents } });
  expect(customer.status).toBe(201);
  const username = uniq('cons');
  const user = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@consenso.example`, role: 'customer', customerId: customer.body.id, password: PASSWORD } });
  expect(user.status).toBe(201);
  return { customerId: customer.body.id as string, username, token: await login(username, PASSWORD) };
}

const body = (over: Record<string, unknown> = {}) => ({ category: 'configuration_change', subject: 'Aprire la porta 443', description: 'Serve per il nuovo server web.', ...over });
const open = (token: string, b: Record<string, unknown>, key?: string) => api('POST', '/tickets', { token, body: b, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
const ticketsOf = async (token: string) => (await api('GET', '/tickets', { token })).body.items as { id: string }[];

describe('consent before consuntivo', () => {
  let empty: Awaited<ReturnType<typeof account>>;
  beforeAll(async () => {
    empty = await account(0);
  });

  it('refuses a billable request without consent when nothing prepaid is left, names the field and writes nothing', async () => {
    const key = uniq('click');
    for (const refused of [body(), body({ consentToConsuntivo: false })]) {
      const res = await open(empty.token, refused, key);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ path: 'consentToConsuntivo', message: expect.stringMatching(/^must be true/) }]);
      expect(res.body.detail).toContain('7500 cents per hour');
    }
    expect(await ticketsOf(empty.token)).toEqual([]);
    // The same key then opens the ticket: the refusals left no idempotency record behind.
    const res = await open(empty.token, body({ consentToConsuntivo: true }), key);
    expect(res.status).toBe(201);
    expect((await ticketsOf(empty.token)).map((t) => t.id)).toEqual([res.body.id]);
  });

  it('records the consent on the ticket: the hourly rate, when and who', async () => {
    const before = Date.now();
    const res = await open(empty.token, body({ category: 'consulting', consentToConsuntivo: true }));
    expect(res.status).toBe(201);
    const consent = res.body.consuntivoConsent;
    expect(consent).toEqual({ hourlyRateCents: 7_500, at: expect.any(String), by: empty.username });
    expect(Date.parse(consent?.at ?? '')).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(consent?.at ?? '')).toBeLessThanOrEqual(Date.now() + 1_000);
    const read = await api('GET', `/tickets/${res.body.id}`, { token: empty.token });
    expect(read.body.consuntivoConsent).toEqual(consent);
  });

  it('a double click with consent is one ticket', async () => {
    const key = uniq('double');
    const before = (await ticketsOf(empty.token)).length;
    const [a, b] = await Promise.all([open(empty.token, body({ consentToConsuntivo: true }), key), open(empty.token, body({ consentToConsuntivo: true }), key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.consuntivoConsent).toEqual(a.body.consuntivoConsent);
    expect(await ticketsOf(empty.token)).toHaveLength(before + 1);
  });

  it('included categories never ask, and record nothing', async () => {
    const res = await open(empty.token, body({ category: 'service_fault' }));
    expect(res.status).toBe(201);
    expect(res.body.consuntivoConsent).toBeUndefined();
    const consented = await open(empty.token, body({ category: 'service_information', consentToConsuntivo: true }));
    expect(consented.status).toBe(201);
    expect(consented.body.consuntivoConsent).toBeUndefined();
  });

  it('an account with prepaid minutes opens a billable request without being asked', async () => {
    const prepaid = await account(60);
    const res = await open(prepaid.token, body());
    expect(res.status).toBe(201);
    expect(res.body.consuntivoConsent).toBeUndefined();
  });

  it('the consent is a boolean: anything else is a 400 naming it', async () => {
    const res = await open(empty.token, body({ consentToConsuntivo: 'yes' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'consentToConsuntivo', message: expect.stringMatching(/boolean/) }]);
  });
});
