/** Proves Europe/Rome month boundaries, including the instants around midnight and DST changes. */
import { describe, expect, it } from 'vitest';
import { addMonths, endOfLastClosedMonth, monthKey, romeMonthOf, romeMonthStart } from '../../functions/core/periods';

describe('Rome months', () => {
  it('a month starts at local midnight: 23:00 UTC in winter, 22:00 UTC in summer', () => {
    expect(romeMonthStart({ year: 2026, month: 12 }).toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(romeMonthStart({ year: 2026, month: 7 }).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // DST starts on the last Sunday of March: April begins in summer time.
    expect(romeMonthStart({ year: 2026, month: 4 }).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    // ...and ends on the last Sunday of October: November begins in winter time.
    expect(romeMonthStart({ year: 2026, month: 11 }).toISOString()).toBe('2026-10-31T23:00:00.000Z');
  });

  it('an instant late on the last UTC day can already be next month in Rome', () => {
    expect(romeMonthOf(new Date('2026-11-30T22:59:59Z'))).toEqual({ year: 2026, month: 11 });
    expect(romeMonthOf(new Date('2026-11-30T23:00:00Z'))).toEqual({ year: 2026, month: 12 });
    expect(romeMonthOf(new Date('2026-12-31T23:30:00Z'))).toEqual({ year: 2027, month: 1 });
  });

  it('the last closed month ends where the current one starts', () => {
    expect(endOfLastClosedMonth(new Date('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(endOfLastClosedMonth(new Date('2027-01-01T00:30:00+01:00')).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('adds months across years', () => {
    expect(addMonths({ year: 2026, month: 11 }, 3)).toEqual({ year: 2027, month: 2 });
    expect(addMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(monthKey({ year: 2027, month: 2 })).toBe('2027-02');
  });
});
