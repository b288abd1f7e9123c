import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportHolding, inRange, nextRange, positionOf, resolveThrough, throughPosition, type ExportRange } from '../../functions/core/exports/exports';
import { csvSafeText, LINE_COLUMNS, LineNumberer, lineOf, vatCents, type ExportLine } from '../../functions/core/exports/lines';
import { romeDay, romeDayStart } from '../../functions/core/periods';
import type { LedgerEntry } from '../../functions/core/ledger/ledger';
import { DomainError } from '../../functions/core/errors';

/**
 * Proves the pure parts of the invoice exports: VAT rounding (integer, symmetric), which lines an entry
 * makes, the running totals inserted between accounts, and how `through` is read.
 */
const consume = (customerId: string, minutes: number, rate = 6000, id = `e_${customerId}${minutes}`): LedgerEntry => ({
  id,
  customerId,
  at: '2026-10-15T09:00:00.000Z',
  bucket: 'consuntivo',
  period: '2026-10',
  reason: minutes > 0 ? 'consume' : 'give_back',
  minutes: -minutes,
  ticketId: 't_1',
  revision: 1,
  hourlyRateCents: rate,
  amountCents: Math.sign(minutes) * Math.floor((Math.abs(minutes) * rate + 30) / 60),
});

describe('vatCents', () => {
  it('rounds 22 % to the nearest cent, halves away from zero', () => {
    expect(vatCents(10_000)).toBe(2_200);
    expect(vatCents(25)).toBe(6); // 5.5 → 6
    expect(vatCents(-25)).toBe(-6);
    expect(vatCents(2)).toBe(0); // 0.44 → 0
    expect(vatCents(0)).toBe(0);
  });
  it('is an odd function and never more than half a cent off', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (a) => {
        expect(vatCents(-a)).toBe(0 - vatCents(a));
        expect(Math.abs(vatCents(a) * 100 - a * 22)).toBeLessThanOrEqual(50);
      }),
    );
  });
  it('refuses fractions of a cent', () => expect(() => vatCents(1.5)).toThrow(RangeError));
});

describe('lineOf', () => {
  it('bills consuntivo minutes at the entry’s rate', () => {
    const line = lineOf('x_1', consume('c_A', 90), { account: { name: 'Alfa', vatNumber: 'IT1' }, ticket: { number: 'T-1', category: 'consulting' } });
    expect(line).toMatchObject({ kind: 'consuntivo', minutes: 90, hourlyRateCents: 6000, amountCents: 9000, vatCents: 1980, grossCents: 10_980, ticketNumber: 'T-1', account: 'Alfa' });
  });
  it('turns a give-back into a negative credit that names what it corrects', () => {
    const line = lineOf('x_2', consume('c_A', -30), { corrects: ['x_1'] });
    expect(line).toMatchObject({ kind: 'credit', minutes: -30, amountCents: -3000, vatCents: -660, corrects: 'x_1' });
  });
  it('bills a package at its price', () => {
    const purchase: LedgerEntry = { id: 'e_p', customerId: 'c_A', at: '2026-10-01T10:00:00Z', bucket: 'package', packageId: 'p_1', reason: 'purchase', minutes: 600, orderId: 'o_1', priceCents: 50_000 };
    expect(lineOf('x_1', purchase, {})).toMatchObject({ kind: 'purchase', minutes: 600, amountCents: 50_000, hourlyRateCents: 5000, vatCents: 11_000, orderId: 'o_1' });
  });
  it('refuses entries that are not billable', () => {
    expect(() => lineOf('x', { id: 'e', customerId: 'c', at: '2026-01-01T00:00:00Z', bucket: 'free', reason: 'consume', minutes: -15 }, {})).toThrow(RangeError);
  });
});

describe('LineNumberer', () => {
  it('keeps the lines in their order, then a total per account (by id) and one overall: net the sum of its lines to the cent, VAT once per document', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('c_A', 'c_B', 'c_C'), fc.integer({ min: -600, max: 600 }).filter((m) => m !== 0), fc.integer({ min: 1, max: 20_000 })), { maxLength: 60 }), (raw) => {
        const sorted = [...raw].sort((a, b) => a[0].localeCompare(b[0]));
        // Interleaved accounts, as lines come by position.
        const n = new LineNumberer('x');
        const rows: ExportLine[] = [];
        raw.forEach(([c, m, r], i) => rows.push(n.push(lineOf('x', consume(c, m, r, `e_${i}`), {}))));
        rows.push(...n.finish());
        expect(rows.map((r) => r.line)).toEqual(rows.map((_r, i) => i + 1));
        expect(rows.slice(0, raw.length).map((r) => r.entryId)).toEqual(raw.map((_r, i) => `e_${i}`));
        const lines = rows.filter((r) => r.kind === 'consuntivo' || r.kind === 'credit');
        const totals = rows.filter((r) => r.kind === 'account_total');
        expect(totals.map((t) => t.customerId)).toEqual([...new Set(sorted.map((s) => s[0]))]);
        for (const t of totals) {
          const own = lines.filter((l) => l.customerId === t.customerId);
          expect(t.amountCents).toBe(own.reduce((s, l) => s + l.amountCents, 0));
          // VAT once per document on its summed base (TD01 charges, TD04 credits), as the drafts compute it.
          const charges = own.filter((l) => l.kind !== 'credit').reduce((s, l) => s + l.amountCents, 0);
          const credits = own.filter((l) => l.kind === 'credit').reduce((s, l) => s + l.amountCents, 0);
          expect(t.vatCents).toBe(vatCents(charges) + vatCents(credits));
          expect(Math.abs(t.vatCents - own.reduce((s, l) => s + l.vatCents, 0))).toBeLessThanOrEqual(own.length);
        }
        const total = rows.at(-1)!;
        expect(total.kind).toBe('total');
        expect(total.amountCents).toBe(lines.reduce((s, l) => s + l.amountCents, 0));
        expect(total.grossCents).toBe(totals.reduce((s, t) => s + t.grossCents, 0));
        expect(total.vatCents).toBe(totals.reduce((s, t) => s + t.vatCents, 0));
        expect(n.overall.lineCount).toBe(lines.length);
        for (const r of rows) expect(Object.keys(r).sort()).toEqual([...LINE_COLUMNS].sort());
      }),
    );
  });
});

describe('resolveThrough', () => {
  const now = new Date('2026-11-25T01:00:00Z');
  it('defaults to the end of the last closed Rome month', () => {
    expect(resolveThrough(undefined, now).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(resolveThrough(undefined, new Date('2026-08-01T00:30:00+02:00')).toISOString()).toBe('2026-07-31T22:00:00.000Z');
  });
  it('reads a bare date as midnight in Rome, across DST', () => {
    expect(resolveThrough('2026-11-01', now).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(romeDayStart(romeDay(2026, 3, 30)).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(romeDayStart(romeDay(2026, 10, 26)).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });
  it('takes an instant as given', () => expect(resolveThrough('2026-11-20T10:00:00+01:00', now).toISOString()).toBe('2026-11-20T09:00:00.000Z'));
  it.each(['yesterday', '2026-13-01', '2026-02-30', '2026-11-01T25:00:00Z', '', '1700000000'])('refuses %j as not a date', (bad) => {
    expect(() => resolveThrough(bad, now)).toThrow(DomainError);
  });
  it('refuses the future', () => expect(() => resolveThrough('2026-11-25T01:00:01Z', now)).toThrow(/future/));
  it('refuses the last five minutes, which the index may not hold yet', () => {
    expect(() => resolveThrough('2026-11-25T01:00:00Z', now)).toThrow(/5 minutes in the past/);
    expect(() => resolveThrough('2026-11-25T00:55:00.001Z', now)).toThrow(DomainError);
    expect(resolveThrough('2026-11-25T00:55:00Z', now).toISOString()).toBe('2026-11-25T00:55:00.000Z');
    // The default too, in the first minutes of a month (the schedule runs at 02:00).
    expect(() => resolveThrough(undefined, new Date('2026-11-30T23:03:00Z'))).toThrow(DomainError);
    expect(resolveThrough(undefined, new Date('2026-11-30T23:05:00Z')).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });
});

describe('export ranges', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const T0 = Date.parse('2026-01-01T00:00:00Z');
  const entry = fc.record({ at: fc.integer({ min: 0, max: 400 * 86_400_000 }).map((ms) => iso(T0 + ms)), id: fc.integer({ min: 0, max: 1e9 }).map((n) => `e_${String(n).padStart(26, '0')}`) });
  const instant = fc.integer({ min: 0, max: 400 * 86_400_000 }).map((ms) => iso(T0 + ms));

  it('a through is above exactly the entries before it in time', () => {
    fc.assert(
      fc.property(entry, instant, (e, t) => {
        expect(positionOf(e) <= throughPosition(t)).toBe(e.at < t);
        expect(positionOf(e)).not.toBe(throughPosition(t));
      }),
    );
  });

  it('starts each export where the last ended, and only past it', () => {
    expect(nextRange({}, '2026-04-01T00:00:00.000Z')).toEqual({ through: '2026-04-01T00:00:00.000Z' });
    expect(nextRange({ latestThrough: '2026-04-01T00:00:00.000Z' }, '2026-05-01T00:00:00.000Z')).toEqual({ from: '2026-04-01T00:00:00.000Z', through: '2026-05-01T00:00:00.000Z' });
    expect(nextRange({ latestThrough: '2026-04-01T00:00:00.000Z' }, '2026-04-01T00:00:00.000Z')).toBeUndefined();
    expect(nextRange({ latestThrough: '2026-04-01T00:00:00.000Z' }, '2026-03-01T00:00:00.000Z')).toBeUndefined();
  });

  it('X1–X4: any sequence of requested throughs puts every entry up to the last into exactly one export, the one exportHolding names', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 80 }), fc.array(instant, { minLength: 1, maxLength: 12 }), (entries, throughs) => {
        const exports: (ExportRange & { id: string })[] = [];
        let head: { latestThrough?: string } = {};
        throughs.forEach((t, k) => {
          const range = nextRange(head, t);
          if (!range) return;
          // Empty ranges after the first are not committed (the latest export is the answer).
          if (exports.length && !entries.some((e) => inRange(positionOf(e), range))) return;
          exports.push({ id: `x_${k}`, ...range });
          head = { latestThrough: t };
        });
        // X1: a chain.
        exports.forEach((x, k) => {
          expect(x.from).toBe(k === 0 ? undefined : exports[k - 1]!.through);
          if (x.from !== undefined) expect(x.from < x.through).toBe(true);
        });
        for (const e of entries) {
          const p = positionOf(e);
          const holders = exports.filter((x) => inRange(p, x)).map((x) => x.id);
          const covered = head.latestThrough !== undefined && e.at < head.latestThrough;
          // X2/X4: exactly one export up to the watermark, none beyond it.
          expect(holders).toHaveLength(covered ? 1 : 0);
          expect(exportHolding(p, exports)).toBe(holders[0]);
        }
      }),
    );
  });
});

describe('csvSafeText', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+39 06', "'+39 06"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Rossi Srl', 'Rossi Srl'],
    ['', ''],
    ['a=b', 'a=b'],
  ])('%j → %j', (cell, safe) => {
    expect(csvSafeText(cell)).toBe(safe);
  });

  it('never leaves a cell that starts with a formula character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (cell) => {
        const safe = csvSafeText(cell);
        expect(/^[=+\-@\t\r]/.test(safe)).toBe(false);
        expect(safe === cell || safe === `'${cell}`).toBe(true);
      }),
    );
  }, 60_000);
});
