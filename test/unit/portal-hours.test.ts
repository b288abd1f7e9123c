/**
 * Proves the hours page's arithmetic: Rome months (their first instant across summer time, the month an
 * entry falls in at the midnight edges), minutes drawn per month and bucket net of give-backs (grants,
 * purchases and expiries are not drawn), and the CSV: RFC 4180 quoting, oldest first, the same minutes.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../portal/api/hours';
import { addMonths, drawnByMonth, ledgerCsv, romeMonthOf, romeMonthStart } from '../../portal/pages/hours/months';
import { parse as parseRoute } from '../../portal/routes';

describe('Rome months', () => {
  it('start at midnight in Rome, in winter and in summer time', () => {
    expect(romeMonthStart('2026-11')).toBe('2026-10-31T23:00:00.000Z');
    expect(romeMonthStart('2026-07')).toBe('2026-06-30T22:00:00.000Z');
    expect(romeMonthStart('2026-04')).toBe('2026-03-31T22:00:00.000Z'); // the first month after the switch
    expect(romeMonthStart('2026-01')).toBe('2025-12-31T23:00:00.000Z');
  });

  it('an instant belongs to the Rome month it falls in', () => {
    expect(romeMonthOf('2026-10-31T22:59:59.999Z')).toBe('2026-10');
    expect(romeMonthOf('2026-10-31T23:00:00.000Z')).toBe('2026-11');
    expect(romeMonthOf('2026-06-30T22:00:00.000Z')).toBe('2026-07');
  });

  it('months add across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -11)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
  });

  it('the hours routes: this month, a given month, the help pages; a malformed month is not found', () => {
    expect(parseRoute('#/hours')).toEqual({ page: 'hours' });
    expect(parseRoute('#/hours/2026-10')).toEqual({ page: 'hours', month: '2026-10' });
    expect(parseRoute('#/hours/2026-13')).toEqual({ page: 'not-found', path: '/hours/2026-13' });
    expect(parseRoute('#/faq')).toEqual({ page: 'faq' });
    expect(parseRoute('#/included')).toEqual({ page: 'included' });
  });
});

const e = (over: Partial<LedgerEntry> & Pick<LedgerEntry, 'at' | 'reason' | 'bucket' | 'minutes'>): LedgerEntry => ({ id: `e${Math.random()}`, customerId: 'c_1', ...over });

const entries: LedgerEntry[] = [
  e({ id: 'a', at: '2026-09-01T08:00:00Z', reason: 'grant', bucket: 'free', minutes: 300 }),
  e({ id: 'b', at: '2026-10-05T08:00:00Z', reason: 'consume', bucket: 'free', minutes: -90, ticketId: 't_1', ticketNumber: 'T-2026-000001' }),
  e({ id: 'c', at: '2026-10-31T23:30:00Z', reason: 'consume', bucket: 'free', minutes: -210, ticketId: 't_2', ticketNumber: 'T-2026-000002' }), // 1 Nov in Rome
  e({ id: 'd', at: '2026-11-02T08:00:00Z', reason: 'consume', bucket: 'consuntivo', minutes: -30, ticketId: 't_2', ticketNumber: 'T-2026-000002', amountCents: 3000, hourlyRateCents: 6000, period: '2026-11' }),
  e({ id: 'f', at: '2026-11-03T08:00:00Z', reason: 'purchase', bucket: 'package', packageId: 'p_1', minutes: 600, priceCents: 55000 }),
  e({ id: 'g', at: '2026-11-04T08:00:00Z', reason: 'consume', bucket: 'package', minutes: -60, ticketId: 't_3', ticketNumber: 'T-2026-000003', packageId: 'p_1' }),
  e({ id: 'h', at: '2026-11-05T08:00:00Z', reason: 'give_back', bucket: 'package', minutes: 15, ticketId: 't_3', ticketNumber: 'T-2026-000003', packageId: 'p_1' }),
  e({ id: 'i', at: '2026-11-06T08:00:00Z', reason: 'expire', bucket: 'package', minutes: -100, packageId: 'p_0' }),
];

describe('minutes drawn per month', () => {
  it('counts work by bucket, net of give-backs, in the Rome month; never grants, purchases or expiries', () => {
    expect(drawnByMonth(entries, ['2026-09', '2026-10', '2026-11'])).toEqual([
      { month: '2026-09', free: 0, package: 0, consuntivo: 0, total: 0 },
      { month: '2026-10', free: 90, package: 0, consuntivo: 0, total: 90 },
      { month: '2026-11', free: 210, package: 45, consuntivo: 30, total: 285 },
    ]);
  });
});

describe('the CSV', () => {
  const labels = { header: ['Data', 'Mese', 'Movimento', 'Ore', 'Pacchetto', 'Minuti', 'Ticket', 'Importo'], reason: (r: string) => `r:${r}`, bucket: (b: string) => (b === 'free' ? 'Monte, "gratuito"' : b) };

  it('parses back (RFC 4180) to the same movements, oldest first, minutes and euro unchanged', () => {
    const csv = ledgerCsv([...entries].reverse(), labels);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows: string[][] = parse(csv.slice(1));
    expect(rows[0]).toEqual(labels.header);
    expect(rows.slice(1).map((r) => r[5]).map(Number)).toEqual(entries.map((x) => x.minutes));
    expect(rows[1]).toEqual(['2026-09-01 10:00', '2026-09', 'r:grant', 'Monte, "gratuito"', '', '300', '', '']);
    expect(rows[3]).toEqual(['2026-11-01 00:30', '2026-11', 'r:consume', 'Monte, "gratuito"', '', '-210', 'T-2026-000002', '']);
    expect(rows[4]![7]).toBe('30.00');
    expect(rows[5]![7]).toBe('550.00');
  });
});
