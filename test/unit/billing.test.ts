/**
 * Proves the billing policy with tables of cases: billable minutes (increment, on-site minimum), money
 * (integer cents, halves away from zero), package hourly prices, the low-balance limit, and that every
 * setting is checked. Nothing here may see a fraction.
 */
import { describe, expect, it } from 'vitest';
import { amountCents, billableMinutes, hourlyPriceCents, lowLimit, roundUpTo, type BillableWork } from '../../functions/core/billing/billing';
import { DEFAULT_SETTINGS, SETTINGS_TTL_MS, cachedSettings, resolveSettings } from '../../functions/core/billing/settings';

const remote = (minutes: number): BillableWork => ({ minutes, kind: 'remote' });
const onsite = (minutes: number): BillableWork => ({ minutes, kind: 'onsite' });

describe('billable minutes', () => {
  const cases: [string, BillableWork[], { billingIncrementMinutes: number; onSiteMinimumMinutes: number }, number][] = [
    ['no worklogs bill nothing', [], DEFAULT_SETTINGS, 0],
    ['1 minute rounds up to 15', [remote(1)], DEFAULT_SETTINGS, 15],
    ['exactly 15 stays 15', [remote(15)], DEFAULT_SETTINGS, 15],
    ['16 rounds up to 30', [remote(16)], DEFAULT_SETTINGS, 30],
    ['logs are summed before rounding', [remote(7), remote(8)], DEFAULT_SETTINGS, 15],
    ['on site bills at least 60', [onsite(20)], DEFAULT_SETTINGS, 60],
    ['any on-site log brings the minimum', [remote(10), onsite(5)], DEFAULT_SETTINGS, 60],
    ['on site above the minimum is rounded', [onsite(61)], DEFAULT_SETTINGS, 75],
    ['increment of 30', [remote(31)], { billingIncrementMinutes: 30, onSiteMinimumMinutes: 60 }, 60],
    ['increment of 1 is exact', [remote(37)], { billingIncrementMinutes: 1, onSiteMinimumMinutes: 0 }, 37],
    ['on-site minimum of 90', [onsite(10)], { billingIncrementMinutes: 15, onSiteMinimumMinutes: 90 }, 90],
  ];
  for (const [name, logs, settings, expected] of cases) it(name, () => expect(billableMinutes(logs, settings)).toBe(expected));

  it('refuses fractional or negative minutes', () => {
    expect(() => billableMinutes([remote(1.5)], DEFAULT_SETTINGS)).toThrow(RangeError);
    expect(() => billableMinutes([remote(-15)], DEFAULT_SETTINGS)).toThrow(RangeError);
    expect(() => roundUpTo(10, 0)).toThrow(RangeError);
  });
});

describe('money', () => {
  const cases: [number, number, number][] = [
    [60, 6000, 6000],
    [15, 6000, 1500],
    [1, 6000, 100],
    [15, 5999, 1500], // 1499.75 → 1500
    [1, 5999, 100], // 99.98 → 100
    [1, 90, 2], // 1.5 → 2: halves away from zero
    [1, 30, 1], // 0.5 → 1
    [1, 29, 0], // 0.48 → 0
    [-1, 90, -2], // a credit rounds the same way, mirrored
    [-15, 5999, -1500],
    [0, 6000, 0],
    [100_000, 10_000_000, 16_666_666_667],
  ];
  for (const [minutes, rate, cents] of cases) it(`${minutes} min at ${rate} c/h = ${cents} c`, () => expect(amountCents(minutes, rate)).toBe(cents));

  it('refuses fractional minutes and rates', () => {
    expect(() => amountCents(1.5, 6000)).toThrow(RangeError);
    expect(() => amountCents(15, 60.5)).toThrow(RangeError);
  });

  const hourly: [number, number, number][] = [
    [27_500, 300, 5500],
    [52_000, 600, 5200],
    [100, 7, 857], // 857.14
    [1, 120, 1], // 0.5 → 1: halves up
  ];
  for (const [price, minutes, expected] of hourly) it(`hourly price of ${minutes} min for ${price} c is ${expected} c`, () => expect(hourlyPriceCents(price, minutes)).toBe(expected));
});

describe('low balance limit: low(r) ⇔ r < max(⌈g·20/100⌉, 60)', () => {
  const cases: [number, number][] = [
    [0, 60],
    [300, 60],
    [600, 120],
    [3000, 600],
    [301, 61], // 60.2 → 61: r = 60 is under 20 % of 301
  ];
  for (const [granted, limit] of cases) it(`granted ${granted} → ${limit}`, () => expect(lowLimit(granted, DEFAULT_SETTINGS)).toBe(limit));
  it('agrees with the definition r·100 < g·p ∨ r < M for every r', () => {
    for (const g of [0, 1, 59, 299, 300, 301, 555, 3000]) {
      for (let r = 0; r <= g + 1; r++) expect(r < lowLimit(g, DEFAULT_SETTINGS), `g=${g} r=${r}`).toBe(r * 100 < g * 20 || r < 60);
    }
  });
});

describe('settings', () => {
  it('are the letter’s defaults, overridable per installation', () => {
    expect(resolveSettings()).toEqual(DEFAULT_SETTINGS);
    expect(resolveSettings({ billingIncrementMinutes: 30 }).billingIncrementMinutes).toBe(30);
  });
  it('refuse fractions, negatives and nonsense', () => {
    expect(() => resolveSettings({ billingIncrementMinutes: 0 })).toThrow(/billingIncrementMinutes/);
    expect(() => resolveSettings({ onSiteMinimumMinutes: 7.5 })).toThrow(/onSiteMinimumMinutes/);
    expect(() => resolveSettings({ standardHourlyRateCents: -1 })).toThrow(/standardHourlyRateCents/);
    expect(() => resolveSettings({ lowBalancePercent: 101 })).toThrow(/lowBalancePercent/);
  });
  it('are read once per container within their time to live', async () => {
    let reads = 0;
    const load = cachedSettings({ overrides: async () => (reads++, { packageValidityMonths: 6 }) });
    expect((await load()).packageValidityMonths).toBe(6);
    await load();
    expect(reads).toBe(1);
  });
  it('expire: a changed SETTINGS item reaches a warm container within the time to live (≤ 60 s)', async () => {
    let clock = 1_000_000;
    let months = 6;
    let reads = 0;
    const load = cachedSettings({ overrides: async () => (reads++, { packageValidityMonths: months }) }, { now: () => clock });
    expect((await load()).packageValidityMonths).toBe(6);
    months = 3;
    clock += SETTINGS_TTL_MS - 1;
    expect((await load()).packageValidityMonths).toBe(6);
    clock += 1;
    expect((await load()).packageValidityMonths).toBe(3);
    expect(reads).toBe(2);
    expect(SETTINGS_TTL_MS).toBeLessThanOrEqual(60_000);
  });
  it('keep no failed read', async () => {
    let fail = true;
    const load = cachedSettings({ overrides: async () => (fail ? Promise.reject(new Error('ddb down')) : { lowBalancePercent: 10 }) });
    await expect(load()).rejects.toThrow('ddb down');
    fail = false;
    expect((await load()).lowBalancePercent).toBe(10);
  });
});
