import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { DEMO_SUPPLIER } from '../../infra/local/seed';
import { api, ddb, stackEnv, tableSnapshot, uniq } from './support';

/**
 * Proves the fiscal master data routes through the gateway with real tokens: an admin sets an account's
 * fiscal data with PATCH /admin/customers/{id} (null removes a field) and learns whether it is complete
 * for a draft; a bad CodiceDestinatario, VAT number, codice fiscale, CAP or provincia is a 400 naming each
 * bad field and writes nothing; other accounts are untouched; a customer or a technician gets 403, an
 * unknown account 404. Finance reads and sets the ISP's own data (GET/PUT /finance/einvoicing), checked
 * the same way. The draft routes refuse the wrong roles and unknown exports.
 */
const account = async () => {
  const res = await api('POST', '/admin/customers', { as: 'admin', body: { name: `Fiscale ${uniq('')}`, billingEmail: 'fatture@cliente.example', locale: 'it' } });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const item = async (id: string) => (await ddb.send(new GetCommand({ TableName: stackEnv.TABLE_NAME!, Key: keys.customer(id), ConsistentRead: true }))).Item;

const COMPLETE = {
  subjectType: 'company',
  legalName: 'Ferramenta Città & Figli S.n.c.',
  vatNumber: 'IT07654321095',
  taxCode: '07654321095',
  address: { street: 'Via Roma', number: '3', cap: '40121', comune: 'Bologna', provincia: 'BO', country: 'IT' },
  recipientCode: 'ABC1234',
  paymentTermsDays: 60,
};

describe('PATCH /admin/customers/{id}', () => {
  it('sets the fiscal data, says when it is complete, and removes a field with null; other accounts are untouched', async () => {
    const [id, other] = await Promise.all([account(), account()]);
    const otherBefore = await item(other);
    const partial = await api('PATCH', `/admin/customers/${id}`, { as: 'admin', body: { subjectType: 'company', legalName: 'Ferramenta' } });
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    expect(partial.body).toMatchObject({ id, subjectType: 'company', legalName: 'Ferramenta', draftReady: false });
    expect(partial.body.missing.map((m: { field: string }) => m.field)).toEqual(expect.arrayContaining(['vatNumber', 'address', 'recipientCode']));

    const full = await api('PATCH', `/admin/customers/${id}`, { as: 'admin', body: COMPLETE });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ ...COMPLETE, draftReady: true, missing: [] });
    expect(await item(id)).toMatchObject(COMPLETE);

    // A PEC instead of a code: the code removed with null.
    const pec = await api('PATCH', `/admin/customers/${id}`, { as: 'admin', body: { recipientCode: null, pec: 'ferramenta@pec.example.it' } });
    expect(pec.status).toBe(200);
    expect(pec.body.recipientCode).toBeUndefined();
    expect(pec.body).toMatchObject({ pec: 'ferramenta@pec.example.it', draftReady: true });
    expect(await item(other)).toEqual(otherBefore);
  });

  it('a bad CodiceDestinatario is a 400 naming it; every bad field is named at once; nothing is written', async () => {
    const id = await account();
    const before = await tableSnapshot();
    const one = await api('PATCH', `/admin/customers/${id}`, { as: 'admin', body: { recipientCode: 'ABC123' } });
    expect(one.status).toBe(400);
    expect(one.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(one.body.errors).toEqual([{ path: 'recipientCode', message: 'must be 7 capital letters or digits' }]);
    const many = await api('PATCH', `/admin/customers/${id}`, {
      as: 'admin',
      body: { vatNumber: 'IT07654321096', taxCode: 'RSSMRA85T10A562T', recipientCode: 'abc1234', pec: 'not-an-address', address: { street: 'Via Roma', cap: '4012', comune: 'Bologna', provincia: 'XX', country: 'Italia' }, subjectType: 'alien', paymentTermsDays: -1 },
    });
    expect(many.status).toBe(400);
    expect(many.body.errors?.map((e: { path: string }) => e.path).sort()).toEqual(
      ['address.cap', 'address.country', 'address.provincia', 'paymentTermsDays', 'pec', 'recipientCode', 'subjectType', 'taxCode', 'vatNumber'].sort(),
    );
    expect(many.body.errors?.find((e) => e.path === 'vatNumber')?.message).toMatch(/check digit/);
    expect(many.body.errors?.find((e) => e.path === 'taxCode')?.message).toMatch(/check letter/);
    // The rate is not this route's (it moves with the ledger's free bucket): refused, nothing written.
    expect((await api('PATCH', `/admin/customers/${id}`, { as: 'admin', body: { hourlyRateCents: 9000 } })).status).toBe(400);
    expect(await tableSnapshot()).toEqual(before);
  });

  it('is 403 for every role but admin (a customer on its own account too) and 404 for an unknown account', async () => {
    const id = await account();
    for (const who of ['alfa', 'tech', 'supervisor', 'finance']) expect((await api('PATCH', `/admin/customers/${id}`, { as: who, body: { legalName: 'x' } })).status, who).toBe(403);
    expect((await api('PATCH', '/admin/customers/c_ALFA', { as: 'alfa', body: { legalName: 'Alfa' } })).status).toBe(403);
    const missing = await api('PATCH', '/admin/customers/c_NOBODY000', { as: 'admin', body: { legalName: 'x' } });
    expect(missing.status).toBe(404);
    expect(await item('c_NOBODY000')).toBeUndefined();
  });
});

describe('the ISP’s fiscal data', () => {
  it('finance reads and sets it; a bad field is a 400 naming it', async () => {
    const got = await api('GET', '/finance/einvoicing', { as: 'finance' });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ vatNumber: DEMO_SUPPLIER.vatNumber, series: DEMO_SUPPLIER.series });
    const { updatedAt: _u, updatedBy: _b, ...current } = got.body;
    const put = await api('PUT', '/finance/einvoicing', { as: 'finance', body: { ...current, name: 'Monteore Demo Rete S.r.l. – sede' } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ name: 'Monteore Demo Rete S.r.l. – sede', updatedBy: 'finance' });
    const bad = await api('PUT', '/finance/einvoicing', { as: 'admin', body: { ...current, vatNumber: 'DE123456789', iban: 'IT61X0542811101000000123456', series: 'fe', regimeFiscale: 'RF03' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e: { path: string }) => e.path).sort()).toEqual(['iban', 'regimeFiscale', 'series', 'vatNumber']);
    expect((await api('PUT', '/finance/einvoicing', { as: 'finance', body: current })).status).toBe(200);
  });

  it('is 403 for customers and technicians', async () => {
    for (const who of ['alfa', 'tech', 'supervisor']) {
      expect((await api('GET', '/finance/einvoicing', { as: who })).status, who).toBe(403);
      expect((await api('PUT', '/finance/einvoicing', { as: who, body: DEMO_SUPPLIER })).status, who).toBe(403);
    }
  });
});

describe('the draft routes', () => {
  it('are 403 for customers and technicians and 404 for an unknown export', async () => {
    for (const path of ['/finance/exports/x_00000000000000000000000000/drafts', '/finance/exports/x_00000000000000000000000000/drafts.zip', '/finance/exports/x_00000000000000000000000000/drafts/IT01122334459_00001.xml']) {
      for (const who of ['alfa', 'tech', 'supervisor']) expect((await api('GET', path, { as: who })).status, `${who} ${path}`).toBe(403);
      const res = await api('GET', path, { as: 'finance' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
