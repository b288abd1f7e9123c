import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vatCents } from '../../functions/core/exports/lines';
import { DraftBook, type PlannedDraft } from '../../functions/core/einvoicing/draft-book';
import { draftArithmeticProblems, fileProgressive, type Draft } from '../../functions/core/einvoicing/draft';
import { draftXml } from '../../functions/core/einvoicing/fatturapa-xml';
import type { CustomerFiscalData } from '../../functions/core/einvoicing/fiscal-data';
import { isLatinText } from '../../functions/core/einvoicing/latin-text';
import { schemaErrors } from '../support/fatturapa-xsd';
import { arbCustomer, arbHumanText, SUPPLIER } from '../support/fiscal-fixtures';

/**
 * Proves the FatturaPA drafts of an export, over random exports (accounts with complete, incomplete or
 * non-Latin fiscal data; many lines; amounts from a cent to a hundred thousand euros; credits of this or
 * an earlier export):
 * - the arithmetic SDI checks, exactly (BigInt): each line's price × quantity is its total within a cent;
 *   the base per rate is the sum of its lines; the VAT per rate is base × rate / 100 rounded once; the
 *   document total is base + VAT;
 * - the drafts of an account add up to its lines to the cent (TD01 − TD04), and its VAT is the one the
 *   export's account total shows;
 * - numbers run from the series' next without a gap or a repeat; a TD04 names existing TD01s (number and
 *   date); an account with incomplete data gets no draft and the book names the missing fields;
 * - every draft validates against the official XSD (xmllint, all documents of all runs in one call).
 */
const DATE = '2026-12-01';
const EARLIER = { x_PREV: { number: 'FE/2026/000007', date: '2026-11-01' } } as Record<string, { number: string; date: string }>;

type LineSpec = { account: number; kind: 'consuntivo' | 'purchase' | 'credit'; minutes: number; rateCents: number; drift: number; corrects: 'none' | 'x_PREV' | 'x_NODRAFT'; ticket: string };

const arbLine = (accounts: number): fc.Arbitrary<LineSpec> =>
  fc.record({
    account: fc.integer({ min: 0, max: accounts - 1 }),
    kind: fc.constantFrom('consuntivo', 'consuntivo', 'purchase', 'credit'),
    minutes: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 100_000 })),
    rateCents: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 10_000_000 })),
    // A give-back computed as a difference of rounded amounts may be a cent off minutes × rate.
    drift: fc.constantFrom(0, 0, 0, 1, -1),
    corrects: fc.constantFrom('none', 'x_PREV', 'x_NODRAFT'),
    ticket: arbHumanText(8).map((t) => `T-2026-${t}`),
  });

const arbExport = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    accounts: fc.array(fc.oneof({ weight: 4, arbitrary: arbCustomer }, { weight: 1, arbitrary: fc.constant({} as CustomerFiscalData) }), { minLength: n, maxLength: n }),
    lines: fc.array(arbLine(n), { minLength: 1, maxLength: 60 }),
    nextNumber: fc.integer({ min: 1, max: 900_000 }),
    nextFile: fc.integer({ min: 1, max: 36 ** 5 - 1000 }),
  }),
);

const amountOf = (l: LineSpec) => {
  if (l.kind === 'purchase') return Math.floor((l.minutes * l.rateCents) / 60);
  const exact = Math.floor((l.minutes * l.rateCents + 30) / 60);
  return l.kind === 'credit' ? -Math.max(0, exact + l.drift) : exact;
};

function run(spec: { accounts: (CustomerFiscalData & { vatNumber?: string })[]; lines: LineSpec[]; nextNumber: number; nextFile: number }) {
  const book = new DraftBook({ supplier: SUPPLIER, date: DATE, year: 2026, nextNumber: spec.nextNumber, nextFile: spec.nextFile });
  const placed = spec.lines.map((l, i) => {
    const amountCents = amountOf(l);
    const line = {
      customerId: `c_${l.account}`,
      account: `Account ${l.account}`,
      kind: l.kind,
      date: new Date(Date.UTC(2026, 10, 1 + (i % 28), 10)).toISOString(),
      ticketNumber: l.kind === 'purchase' ? '' : l.ticket,
      category: l.kind === 'purchase' ? '' : 'consulting',
      minutes: l.kind === 'credit' ? -l.minutes : l.minutes,
      hourlyRateCents: l.rateCents,
      amountCents,
      vatRatePercent: 22,
      corrects: l.kind === 'credit' && l.corrects !== 'none' ? [l.corrects] : [],
    };
    return { line, doc: book.place(line, spec.accounts[l.account], (x) => EARLIER[x]) };
  });
  return { book, placed, drafts: book.drafts(), missing: book.missing() };
}

/** D1–D4 recomputed here with BigInt, independently of the code under test. */
function exactProblems(d: Draft): string[] {
  const out: string[] = [];
  const scaled = (s: string) => {
    const [i, f = ''] = s.split('.') as [string, string?];
    return { v: BigInt(i + f), scale: f.length };
  };
  for (const l of d.lines) {
    const p = scaled(l.price);
    const q = scaled(l.quantity);
    const exact = p.v * q.v; // × 10^-(p.scale + q.scale) euros
    const total = BigInt(l.totalCents) * 10n ** BigInt(p.scale + q.scale - 2);
    const diff = exact > total ? exact - total : total - exact;
    if (diff > 10n ** BigInt(p.scale + q.scale - 2)) out.push(`line ${l.number}: ${l.price} × ${l.quantity} vs ${l.total}`);
    if (BigInt(scaled(l.total).v) !== BigInt(l.totalCents)) out.push(`line ${l.number}: total text ${l.total} vs ${l.totalCents}`);
  }
  for (const r of d.summary) {
    const base = d.lines.filter((l) => l.vatRatePercent === r.vatRatePercent).reduce((s, l) => s + BigInt(l.totalCents), 0n);
    if (BigInt(r.baseCents) !== base) out.push(`base ${r.baseCents} vs ${base}`);
    const vat = (base * BigInt(r.vatRatePercent) * 2n + 100n) / 200n; // half up on a non-negative base
    if (BigInt(r.vatCents) !== vat) out.push(`vat ${r.vatCents} vs ${vat}`);
  }
  if (BigInt(d.totalCents) !== d.summary.reduce((s, r) => s + BigInt(r.baseCents + r.vatCents), 0n)) out.push('total');
  return out;
}

describe('FatturaPA drafts of an export', () => {
  it('add up as SDI checks them, per line, per rate and in total, exactly', () => {
    fc.assert(
      fc.property(arbExport, (spec) => {
        for (const p of run(spec).drafts) {
          const d = p.draft();
          expect(exactProblems(d)).toEqual([]);
          expect(draftArithmeticProblems(d)).toEqual([]);
          expect(d.lines.every((l) => /^[0-9]{1,12}\.[0-9]{2,8}$/.test(l.quantity) && /^[0-9]{1,11}\.[0-9]{2,8}$/.test(l.price))).toBe(true);
          expect(p.totalCents).toBe(d.totalCents);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('take consecutive numbers and file progressives, give each line its document, and sum to each account’s lines to the cent', () => {
    fc.assert(
      fc.property(arbExport, (spec) => {
        const { book, placed, drafts, missing } = run(spec);
        const numbers = drafts.map((d) => Number(d.number.split('/')[2]));
        expect(new Set(numbers).size).toBe(drafts.length);
        expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: drafts.length }, (_v, i) => spec.nextNumber + i));
        expect(drafts.map((d) => d.fileName)).toEqual(Array.from({ length: drafts.length }, (_v, i) => `IT01234567897_${fileProgressive(spec.nextFile + i)}.xml`));
        expect(book.numbersUsed).toBe(drafts.length);
        for (const [a, fiscal] of spec.accounts.entries()) {
          const own = placed.filter((p) => p.line.customerId === `c_${a}`);
          const docs = drafts.filter((d) => d.customerId === `c_${a}`);
          const sign = (d: PlannedDraft) => (d.type === 'TD04' ? -1 : 1);
          if (!own.length) continue;
          if (!fiscal.subjectType) {
            // Incomplete: no draft, the fields named, every line still there without a document.
            expect(docs).toEqual([]);
            expect(own.every((p) => p.doc === undefined)).toBe(true);
            expect(missing.filter((m) => m.customerId === `c_${a}`).flatMap((m) => m.missing.map((f) => f.field))).toContain('subjectType');
            continue;
          }
          expect(own.every((p) => p.doc && docs.some((d) => d.number === p.doc!.number && d.type === p.doc!.type))).toBe(true);
          expect(docs.reduce((s, d) => s + sign(d) * d.netCents, 0)).toBe(own.reduce((s, p) => s + p.line.amountCents, 0));
          const charges = own.filter((p) => p.line.kind !== 'credit').reduce((s, p) => s + p.line.amountCents, 0);
          const credits = own.filter((p) => p.line.kind === 'credit').reduce((s, p) => s + p.line.amountCents, 0);
          expect(docs.reduce((s, d) => s + sign(d) * d.vatCents, 0)).toBe(vatCents(charges) + vatCents(credits));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('name, in each credit note, only invoices that exist: an earlier export’s TD01 or this one’s, number and date', () => {
    fc.assert(
      fc.property(arbExport, (spec) => {
        const { drafts } = run(spec);
        for (const d of drafts.filter((x) => x.type === 'TD04')) {
          const here = drafts.filter((x) => x.type === 'TD01' && x.customerId === d.customerId).map((x) => ({ number: x.number, date: x.date }));
          for (const ref of d.corrects) expect([...Object.values(EARLIER), ...here]).toContainEqual(ref);
          const draft = draftXml(d.draft());
          for (const ref of d.corrects) expect(draft).toContain(`<IdDocumento>${ref.number}</IdDocumento><Data>${ref.date}</Data>`);
          // A credit whose invoice has no draft (an earlier export's without one, or none yet in this one) is said, not hidden.
          let charged = false;
          let unnamed = false;
          for (const l of spec.lines.filter((x) => `c_${x.account}` === d.customerId)) {
            if (l.kind !== 'credit') charged = true;
            else if (l.corrects === 'x_NODRAFT' || (l.corrects === 'none' && !charged)) unnamed = true;
          }
          expect(d.notes.length > 0).toBe(unnamed);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('validate against the FatturaPA 1.2.2 schema, whatever their amounts, lines and text', async () => {
    const documents: string[] = [];
    fc.assert(
      fc.property(arbExport, (spec) => {
        for (const p of run(spec).drafts) {
          const xml = draftXml(p.draft());
          expect(isLatinText(xml.replace(/\n/g, ''))).toBe(true);
          documents.push(xml);
        }
      }),
      { numRuns: 150 },
    );
    expect(documents.length).toBeGreaterThan(100);
    const errors = await schemaErrors(documents);
    const failed = errors.flatMap((e, i) => (e.length ? [{ errors: e, document: documents[i]!.slice(0, 3000) }] : []));
    expect(failed.slice(0, 2)).toEqual([]);
  }, 120_000);

  it('the schema check is real: it refuses a draft with a broken field', async () => {
    const { drafts } = run({ accounts: [fc.sample(arbCustomer, 1)[0]!], lines: [{ account: 0, kind: 'consuntivo', minutes: 90, rateCents: 6000, drift: 0, corrects: 'none', ticket: 'T-1' }], nextNumber: 1, nextFile: 1 });
    const xml = draftXml(drafts[0]!.draft());
    const [ok, badCap, badAmount] = await schemaErrors([xml, xml.replace(/<CAP>\d{5}<\/CAP>/, '<CAP>2012</CAP>'), xml.replace('<PrezzoTotale>90.00</PrezzoTotale>', '<PrezzoTotale>90</PrezzoTotale>')]);
    expect(ok).toEqual([]);
    expect(badCap!.join('\n')).toMatch(/CAP/);
    expect(badAmount!.join('\n')).toMatch(/PrezzoTotale/);
  });

  it('without the ISP’s data, no account gets a draft and each says so', () => {
    const book = new DraftBook({ supplier: undefined, date: DATE, year: 2026, nextNumber: 1, nextFile: 1 });
    const customer = fc.sample(arbCustomer, 1)[0]!;
    expect(book.place({ customerId: 'c_1', account: 'A', kind: 'consuntivo', date: '2026-11-02T10:00:00Z', ticketNumber: 'T', category: 'consulting', minutes: 60, hourlyRateCents: 6000, amountCents: 6000, vatRatePercent: 22, corrects: [] }, customer, () => undefined)).toBeUndefined();
    expect(book.drafts()).toEqual([]);
    expect(book.missing()).toMatchObject([{ customerId: 'c_1', type: 'TD01', lineCount: 1, missing: [{ field: 'supplier' }] }]);
    expect(book.numbersUsed).toBe(0);
  });
});
