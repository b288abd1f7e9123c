import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderPackage, settleTicket } from '../../functions/core/hours';
import { LINE_COLUMNS, VAT_RATE_PERCENT, vatCents } from '../../functions/core/exports';
import { endOfLastClosedMonth } from '../../functions/core/periods';
import { dynamoSystem } from './ledger-fixtures';
import { openTicket } from './ticket-fixtures';
import { api, as, downloadExport, login, uniq } from './support';

/**
 * Proves the invoice exports through the gateway with real tokens: each billable entry of this file's
 * accounts lands in exactly one export; a re-run with nothing new answers the same export (200); a
 * contest accepted after an export is a credit in the next one, naming the export it corrects; two runs
 * at once make one export; the CSV parses back (csv-parse) with totals right to the cent; all exports
 * together equal the ledger's consuntivo plus purchases. Exports are global, so every assertion is about
 * the lines of this file's own accounts, with activity backdated to 2026 months no other file uses.
 * Lines come by position (time, then entry id), so accounts interleave; totals per account follow them.
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

  beforeAll(async () => {
    alfa = await newAccount(`Rossi, "Bianchi" & C. Srl ${uniq('')}`);
    beta = await newAccount(`Beta Export SpA ${uniq('')}`);
    t1 = await openTicket(alfa.token, { category: 'consulting' });
    t2 = await openTicket(beta.token, { category: 'custom_configuration' });
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
      expect(Number(t.vatCents)).toBe(own.reduce((s, l) => s + Number(l.vatCents), 0));
    }
    const total = rows.at(-1)!;
    expect(total.kind).toBe('total');
    expect(Number(total.amountCents)).toBe(all.reduce((s, l) => s + Number(l.amountCents), 0));
    expect(Number(total.grossCents)).toBe(all.reduce((s, l) => s + Number(l.amountCents) + vatCents(Number(l.amountCents)), 0));
    expect(res.body.totalAmountCents).toBe(Number(total.amountCents));
    expect(res.body.lineCount).toBe(all.length);
    // The JSON has the same lines.
    const json = { body: JSON.parse((await downloadExport(first, 'application/json')).toString('utf8')) };
    expect(json.body.lines.map((l: Record<string, unknown>) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v)])))).toEqual(rows);
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
