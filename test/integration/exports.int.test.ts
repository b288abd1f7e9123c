import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderPackage, settleTicket } from '../../functions/core/hours/use-cases';
import { LINE_COLUMNS, VAT_RATE_PERCENT, vatCents } from '../../functions/core/exports/lines';
import { endOfLastClosedMonth } from '../../functions/core/periods';
import { dynamoSystem } from './ledger-fixtures';
import { openTicket } from './ticket-fixtures';
import { api, apiUrl, as, downloadExport, login, uniq } from './support';
import { schemaErrors } from '../support/fatturapa-xsd';
import { draftDownload, type ExportSummary } from '#contracts/responses';

/**
 * Proves the invoice exports through the gateway with real tokens: each billable entry of this file's
 * accounts lands in exactly one export; a re-run with nothing new answers the same export (200); a
 * contest accepted after an export is a credit in the next one, naming the export it corrects; two runs
 * at once make one export; the CSV parses back (csv-parse) with totals right to the cent; all exports
 * together equal the ledger's consuntivo plus purchases. Exports are global, so every assertion is about
 * the lines of this file's own accounts, with activity backdated to 2026 months no other file uses.
 * Lines come by position (time, then entry id), so accounts interleave; totals per account follow them.
 *
 * And the FatturaPA drafts that come with each export: the account with complete fiscal data gets a TD01
 * (then a TD04 naming that TD01's number and date for its credit), the one without gets none and the
 * export names the missing fields, its lines still there; each draft downloads through its link and as
 * part of the ZIP and validates against the XSD; every account's drafts equal its CSV totals to the cent
 * and, with the accounts that have none, add up to the export's totals; numbers continue across exports.
 */
const PASSWORD = 'export-tests-pw-1';
type Row = Record<(typeof LINE_COLUMNS)[number], string>;

/** A new account with a VAT number and its customer user, through the typed client (anything but the documented 201 throws). */
async function newAccount(name: string) {
  const admin = as('admin');
  const customer = await admin.createCustomer({ body: { name, vatNumber: `IT${Date.now().toString().slice(-11)}`, billingEmail: 'fatture@cliente.example', locale: 'it', freeMinutes: 0 } });
  const username = uniq('exp');
  await admin.createUser({ body: { username, email: `${username}@cliente.example`, role: 'customer', customerId: customer.id, password: PASSWORD } });
  return { id: customer.id, token: await login(username, PASSWORD) };
}

const csvOf = async (id: string) => {
  const text = (await downloadExport(id, 'text/csv')).toString('utf8');
  const rows = parse(text, { columns: true, record_delimiter: '\r\n', strict: true } as never) as Row[];
  return { text, rows };
};

/** Fetches what a 303 link route points at, checking the SHA-256 it announces. */
/** The numbers an export's drafts took (every export of this file writes some). */
function numbersOf(summary: ExportSummary): NonNullable<NonNullable<ExportSummary['drafts']>['numbers']> {
  const numbers = summary.drafts?.numbers;
  if (!numbers) throw new Error(`export ${summary.id} answered no drafts.numbers: ${JSON.stringify(summary.drafts)}`);
  return numbers;
}

async function viaLink(path: string): Promise<Buffer> {
  const meta = await api('GET', `${path}?redirect=false`, { as: 'finance' });
  expect(meta.status, JSON.stringify(meta.body)).toBe(200);
  const redirect = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${await login('finance')}` }, redirect: 'manual' });
  expect(redirect.status).toBe(303);
  const file = Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
  expect(createHash('sha256').update(file).digest('hex')).toBe(draftDownload.parse(meta.body).sha256);
  return file;
}

interface DraftItem {
  customerId: string;
  drafts: { type: string; number: string; date: string; fileName: string; netCents: number; vatCents: number; totalCents: number; corrects: { number: string; date: string }[]; sha256: string }[];
  missing: { type: string; fields: string[] }[];
}

/** Every account of an export's draft list, page by page. */
async function draftsOf(id: string): Promise<{ totals: Record<string, unknown>; items: DraftItem[] }> {
  const items: DraftItem[] = [];
  let cursor: string | undefined;
  let totals: Record<string, unknown> = {};
  do {
    const page = await api('GET', `/finance/exports/${id}/drafts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { as: 'finance' });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const { items: pageItems, nextCursor, ...rest } = page.body;
    totals = rest;
    items.push(...pageItems);
    cursor = nextCursor;
  } while (cursor);
  return { totals, items };
}

/**
 * The drafts of an export against its CSV: per account, TD01 − TD04 equals its total row (net, VAT,
 * gross) to the cent; accounts without drafts are listed with the fields they miss; drafts plus those
 * accounts make the export's totals; each draft is in the ZIP, byte for byte, and validates.
 */
async function checkDrafts(id: string, rows: Row[]) {
  const { totals, items } = await draftsOf(id);
  const accountTotals = rows.filter((r) => r.kind === 'account_total');
  expect(items.map((i) => i.customerId).sort()).toEqual(accountTotals.map((t) => t.customerId).sort());
  let net = 0;
  let vat = 0;
  for (const t of accountTotals) {
    const item = items.find((i) => i.customerId === t.customerId)!;
    const sign = (type: string) => (type === 'TD04' ? -1 : 1);
    if (item.drafts.length) {
      expect(item.missing).toEqual([]);
      expect(item.drafts.reduce((s, d) => s + sign(d.type) * d.netCents, 0)).toBe(Number(t.amountCents));
      expect(item.drafts.reduce((s, d) => s + sign(d.type) * d.vatCents, 0)).toBe(Number(t.vatCents));
      expect(item.drafts.reduce((s, d) => s + sign(d.type) * d.totalCents, 0)).toBe(Number(t.grossCents));
      net += Number(t.amountCents);
      vat += Number(t.vatCents);
    } else expect(item.missing.length).toBeGreaterThan(0);
  }
  expect(totals).toMatchObject({ netCents: net, vatCents: vat, totalCents: net + vat });
  const missingNet = accountTotals.filter((t) => !items.find((i) => i.customerId === t.customerId)!.drafts.length).reduce((s, t) => s + Number(t.amountCents), 0);
  const total = rows.at(-1)!;
  expect(net + missingNet).toBe(Number(total.amountCents));
  const drafts = items.flatMap((i) => i.drafts);
  if (!drafts.length) return { items, xml: new Map<string, string>() };
  const zip = unzipSync(new Uint8Array(await viaLink(`/finance/exports/${id}/drafts.zip`)));
  expect(Object.keys(zip).sort()).toEqual(drafts.map((d) => d.fileName).sort());
  const xml = new Map<string, string>();
  for (const d of drafts) {
    const file = await viaLink(`/finance/exports/${id}/drafts/${d.fileName}`);
    expect(Buffer.from(zip[d.fileName]!).equals(file)).toBe(true);
    xml.set(d.fileName, file.toString('utf8'));
  }
  expect(await schemaErrors([...xml.values()])).toEqual([...xml.values()].map(() => []));
  return { items, xml };
}

const FISCAL = {
  subjectType: 'company',
  legalName: 'Rossi, “Bianchi” & C. S.r.l. – Società Benefit',
  vatNumber: 'IT07654321095',
  address: { street: 'Via Po', number: '7', cap: '10124', comune: 'Torino', provincia: 'TO', country: 'IT' },
  recipientCode: 'KRRH6B9',
};

const exportNow = (through?: string) => api('POST', '/finance/exports', { as: 'finance', ...(through ? { body: { through } } : {}) });

describe('invoice exports', () => {
  const sys = dynamoSystem(new Date('2026-03-10T09:00:00Z'));
  const at = (iso: string) => (sys.clock.now = new Date(iso));
  let alfa: { id: string; token: string };
  let beta: { id: string; token: string };
  let t1: { id: string; number: string };
  let t2: { id: string; number: string };
  const mine = (rows: Row[]) => rows.filter((r) => r.customerId === alfa.id || r.customerId === beta.id);
  const entryLines = (rows: Row[]) => rows.filter((r) => ['consuntivo', 'purchase', 'credit'].includes(r.kind));
  /** Grouped by account, each account's lines in file order (a stable sort). */
  const byAccount = (rows: Row[]) => [...rows].sort((a, b) => a.customerId.localeCompare(b.customerId));
  let first: string;
  let alfaInvoice: { number: string; date: string };
  let numbersOfFirst: { series: string; year: number; first: number; last: number };

  beforeAll(async () => {
    alfa = await newAccount(`Rossi, "Bianchi" & C. Srl ${uniq('')}`);
    beta = await newAccount(`Beta Export SpA ${uniq('')}`);
    // No free hours (freeMinutes: 0): a billable request needs the consent to consuntivo.
    // Alfa can be invoiced; Beta has no fiscal data (and a VAT number of the wrong check digit).
    expect((await api('PATCH', `/admin/customers/${alfa.id}`, { as: 'admin', body: FISCAL })).status).toBe(200);
    t1 = await openTicket(alfa.token, { category: 'consulting', consentToConsuntivo: true });
    t2 = await openTicket(beta.token, { category: 'custom_configuration', consentToConsuntivo: true });
    at('2026-03-10T09:00:00Z');
    await settleTicket(sys.deps, { customerId: alfa.id, ticketId: t1.id, revision: 1, targetMinutes: 90 });
    at('2026-03-20T15:00:00Z');
    await settleTicket(sys.deps, { customerId: beta.id, ticketId: t2.id, revision: 1, targetMinutes: 45 });
    at('2026-03-25T10:00:00Z');
    await orderPackage(sys.deps, { customerId: alfa.id, catalogueId: 'pkg_5h', by: 'test' });
    // After the month: not in March's export.
    at('2026-04-02T08:00:00Z');
    await settleTicket(sys.deps, { customerId: beta.id, ticketId: t2.id, revision: 2, targetMinutes: 60 });
  });

  it('exports a month of activity: each entry once, per-account and overall totals to the cent', async () => {
    const res = await exportNow('2026-04-01');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.through).toBe('2026-03-31T22:00:00.000Z');
    first = res.body.id;
    const { text, rows } = await csvOf(first);
    expect(text.split('\r\n')[0]).toBe(LINE_COLUMNS.join(','));
    const all = entryLines(rows);
    const positions = all.map((l) => `${l.date}#${l.entryId}`);
    expect(positions).toEqual([...positions].sort());
    const lines = byAccount(mine(all));
    expect(lines.map((l) => [l.customerId, l.kind, l.ticketNumber, l.category, l.minutes, l.hourlyRateCents, l.amountCents, l.vatCents, l.vatRatePercent])).toEqual(
      [
        [alfa.id, 'consuntivo', t1.number, 'consulting', '90', '6000', '9000', '1980', String(VAT_RATE_PERCENT)],
        [alfa.id, 'purchase', '', '', '300', '5500', '27500', '6050', String(VAT_RATE_PERCENT)],
        [beta.id, 'consuntivo', t2.number, 'custom_configuration', '45', '6000', '4500', '990', String(VAT_RATE_PERCENT)],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(lines.find((l) => l.customerId === alfa.id)!.account).toMatch(/^Rossi, "Bianchi" & C\. Srl/);
    // Every total is the sum of its lines, and the overall total is what the record says.
    for (const t of rows.filter((r) => r.kind === 'account_total')) {
      const own = all.filter((l) => l.customerId === t.customerId);
      expect(Number(t.amountCents)).toBe(own.reduce((s, l) => s + Number(l.amountCents), 0));
      const charges = own.filter((l) => l.kind !== 'credit').reduce((s, l) => s + Number(l.amountCents), 0);
      const credits = own.filter((l) => l.kind === 'credit').reduce((s, l) => s + Number(l.amountCents), 0);
      expect(Number(t.vatCents)).toBe(vatCents(charges) + vatCents(credits));
    }
    const total = rows.at(-1)!;
    expect(total.kind).toBe('total');
    expect(Number(total.amountCents)).toBe(all.reduce((s, l) => s + Number(l.amountCents), 0));
    const accountTotals = rows.filter((r) => r.kind === 'account_total');
    expect(Number(total.grossCents)).toBe(accountTotals.reduce((s, t) => s + Number(t.grossCents), 0));
    expect(res.body.totalAmountCents).toBe(Number(total.amountCents));
    expect(res.body.lineCount).toBe(all.length);
    // The JSON has the same lines.
    const json = { body: JSON.parse((await downloadExport(first, 'application/json')).toString('utf8')) };
    expect(json.body.lines.map((l: Record<string, unknown>) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v)])))).toEqual(rows);

    // The lines a finance tool without XML import needs, and the drafts.
    const alfaLines = lines.filter((l) => l.customerId === alfa.id);
    expect(alfaLines.map((l) => [l.quantityHours, l.unitPrice, l.vatRatePercent, l.documentType])).toEqual([
      ['1.50', '60.00', '22', 'TD01'],
      ['1.00', '275.00', '22', 'TD01'],
    ]);
    expect(alfaLines[0]!.description).toBe(`Assistenza a consuntivo, ticket ${t1.number} (Supporto consulenziale o richieste personalizzate (analisi, test, integrazioni, formazione)) del 2026-03-10`);
    expect(alfaLines[0]!.documentNumber).toMatch(/^FE\/\d{4}\/\d{6}$/);
    expect(alfaLines[1]!.documentNumber).toBe(alfaLines[0]!.documentNumber);
    expect(lines.filter((l) => l.customerId === beta.id).map((l) => [l.quantityHours, l.documentType, l.documentNumber])).toEqual([['0.75', '', '']]);
    const { items, xml } = await checkDrafts(first, rows);
    const alfaDraft = items.find((i) => i.customerId === alfa.id)!;
    expect(alfaDraft.drafts).toMatchObject([{ type: 'TD01', number: alfaLines[0]!.documentNumber, netCents: 36_500, vatCents: 8030, totalCents: 44_530 }]);
    expect(alfaDraft.drafts[0]!.fileName).toMatch(/^IT01122334459_[0-9A-Z]{5}\.xml$/);
    const betaItem = items.find((i) => i.customerId === beta.id)!;
    expect(betaItem.drafts).toEqual([]);
    // (Beta's made-up VAT number has the right check digit one time in ten, so it is not asserted.)
    expect(betaItem.missing).toMatchObject([{ type: 'TD01', fields: expect.arrayContaining(['subjectType', 'legalName', 'address', 'recipientCode']) }]);
    const doc = xml.get(alfaDraft.drafts[0]!.fileName)!;
    expect(doc).toContain('<Denominazione>Rossi, &quot;Bianchi&quot; &amp; C. S.r.l. - Società Benefit</Denominazione>');
    expect(doc).toContain('<ImportoTotaleDocumento>445.30</ImportoTotaleDocumento>');
    expect(doc).toContain('<ImponibileImporto>365.00</ImponibileImporto><Imposta>80.30</Imposta>');
    alfaInvoice = { number: alfaDraft.drafts[0]!.number, date: alfaDraft.drafts[0]!.date };
    numbersOfFirst = numbersOf(res.body);
  });

  it('answers the same export (200) when nothing new is billable', async () => {
    const again = await exportNow('2026-04-01');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first);
  });

  it('puts a contest accepted after the export in the next one, as a credit naming the export it corrects', async () => {
    at('2026-04-10T11:00:00Z');
    await settleTicket(sys.deps, { customerId: alfa.id, ticketId: t1.id, revision: 2, targetMinutes: 0 });
    const res = await exportNow('2026-05-01');
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(first);
    // The watermark: this export starts exactly where the first ended.
    expect(res.body.from).toBe('2026-03-31T22:00:00.000Z');
    const before = new Set(entryLines((await csvOf(first)).rows).map((l) => l.entryId));
    const lines = byAccount(mine(entryLines((await csvOf(res.body.id)).rows)));
    expect(lines.filter((l) => before.has(l.entryId))).toEqual([]);
    expect(lines.map((l) => [l.customerId, l.kind, l.ticketNumber, l.minutes, l.amountCents, l.vatCents, l.corrects])).toEqual(
      [
        [alfa.id, 'credit', t1.number, '-90', '-9000', '-1980', first],
        [beta.id, 'consuntivo', t2.number, '15', '1500', '330', ''],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    // Alfa's credit note names the invoice of the first export; its number follows the first export's.
    const { items, xml } = await checkDrafts(res.body.id, (await csvOf(res.body.id)).rows);
    const credit = items.find((i) => i.customerId === alfa.id)!.drafts;
    expect(credit).toMatchObject([{ type: 'TD04', netCents: 9000, vatCents: 1980, totalCents: 10_980, corrects: [alfaInvoice] }]);
    expect(xml.get(credit[0]!.fileName)).toContain(`<DatiFattureCollegate><RiferimentoNumeroLinea>1</RiferimentoNumeroLinea><IdDocumento>${alfaInvoice.number}</IdDocumento><Data>${alfaInvoice.date}</Data></DatiFattureCollegate>`);
    expect(lines.find((l) => l.customerId === alfa.id)).toMatchObject({ quantityHours: '-1.50', documentType: 'TD04', documentNumber: credit[0]!.number });
    const numbers = numbersOf(res.body);
    if (numbers.year === numbersOfFirst.year) expect(numbers.first).toBe(numbersOfFirst.last + 1);
  });

  it('makes one export of two runs at the same moment', async () => {
    at('2026-05-05T09:00:00Z');
    const t3 = await openTicket(beta.token);
    await settleTicket(sys.deps, { customerId: beta.id, ticketId: t3.id, revision: 1, targetMinutes: 30 });
    const [a, b] = await Promise.all([exportNow('2026-06-01'), exportNow('2026-06-01')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const list = await api('GET', '/finance/exports?limit=100', { as: 'finance' });
    expect(list.status).toBe(200);
    expect(list.body.items.filter((x: { id: string }) => x.id === a.body.id)).toHaveLength(1);
    expect(mine(entryLines((await csvOf(a.body.id)).rows)).map((l) => l.ticketNumber)).toEqual([t3.number]);
  });

  it('adds up, over every export, to the ledger’s consuntivo plus purchases, each entry once', async () => {
    await exportNow('2026-07-01');
    const seen = new Map<string, string>();
    let billed = 0;
    let cursor: string | undefined;
    do {
      const page = await api('GET', `/finance/exports?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { as: 'finance' });
      for (const x of page.body.items as { id: string }[]) {
        for (const l of mine(entryLines((await csvOf(x.id)).rows))) {
          expect(seen.has(l.entryId), `${l.entryId} in ${x.id} and ${seen.get(l.entryId)}`).toBe(false);
          seen.set(l.entryId, x.id);
          billed += Number(l.amountCents);
        }
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    let ledger = 0;
    const billable = new Set<string>();
    for (const customerId of [alfa.id, beta.id]) {
      const entries = await api('GET', `/ledger?customerId=${customerId}&limit=100`, { as: 'finance' });
      for (const e of entries.body.items) {
        if (e.bucket === 'consuntivo') ledger += e.amountCents!;
        else if (e.reason === 'purchase') ledger += e.priceCents!;
        else continue;
        billable.add(e.id);
      }
    }
    expect([...seen.keys()].sort()).toEqual([...billable].sort());
    expect(billed).toBe(ledger);
    expect(ledger).toBe(9000 + 27_500 + 4500 + 1500 - 9000 + 3000);
  });

  it('defaults `through` to the end of the last closed Rome month', async () => {
    const res = await exportNow();
    expect([200, 201]).toContain(res.status);
    if (res.status === 201) expect(res.body.through).toBe(endOfLastClosedMonth(new Date()).toISOString());
  });
});

describe('finance routes refuse', () => {
  it.each(['alfa', 'tech', 'supervisor'])('%s → 403 on every finance route', async (as) => {
    expect((await api('GET', '/finance/exports', { as })).status).toBe(403);
    expect((await api('POST', '/finance/exports', { as, body: {} })).status).toBe(403);
    expect((await api('GET', '/finance/exports/x_01JABCDEF', { as })).status).toBe(403);
  });

  it.each([['not-a-date'], ['2026-02-30'], ['2999-01-01'], [new Date(Date.now() + 3_600_000).toISOString()], [new Date(Date.now() - 60_000).toISOString()]])('through %j (not a date, future, or inside the index lag) → 400 naming the field', async (through) => {
    const res = await exportNow(through);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.path).toBe('through');
  });

  it('an unknown field → 400', async () => {
    expect((await api('POST', '/finance/exports', { as: 'admin', body: { through: '2026-01-01', customerId: 'c_ALFA' } })).status).toBe(400);
  });

  it('an unknown export → 404', async () => {
    expect((await api('GET', '/finance/exports/x_00000000000000000000000000', { as: 'admin' })).status).toBe(404);
  });
});
