import type { BillingSettings } from './settings';

/**
 * The billing policy: pure functions of integers. Minutes are whole minutes and money whole euro cents,
 * net of VAT; nothing here ever holds a fraction.
 *
 * Rounding rule for money: an amount for `m` minutes at `r` cents per hour is m·r/60 rounded to the
 * nearest cent, halves away from zero: sign(m)·⌊(|m|·r + 30) / 60⌋. With the billing increment of 15
 * minutes and a rate divisible by 4 (6000 is) it is exact.
 */
export interface BillableWork {
  minutes: number;
  kind: 'remote' | 'onsite';
}

const assertWhole = (what: string, n: number, min = 0) => {
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${what} must be an integer ≥ ${min}, got ${n}`);
};

/** ⌈n / step⌉·step for n ≥ 0. */
export function roundUpTo(n: number, step: number): number {
  assertWhole('minutes', n);
  assertWhole('step', step, 1);
  return Math.ceil(n / step) * step;
}

/**
 * A ticket's billable minutes: its logged minutes rounded up to the billing increment, and at least the
 * on-site minimum when any worklog is on site. No worklogs bill nothing.
 */
export function billableMinutes(worklogs: readonly BillableWork[], settings: Pick<BillingSettings, 'billingIncrementMinutes' | 'onSiteMinimumMinutes'>): number {
  let logged = 0;
  for (const w of worklogs) {
    assertWhole('worklog minutes', w.minutes);
    logged += w.minutes;
  }
  if (worklogs.length === 0) return 0;
  const rounded = roundUpTo(logged, settings.billingIncrementMinutes);
  return worklogs.some((w) => w.kind === 'onsite') ? Math.max(rounded, settings.onSiteMinimumMinutes) : rounded;
}

/** Cents for `minutes` (may be negative: a credit) at `hourlyRateCents`; halves away from zero. */
export function amountCents(minutes: number, hourlyRateCents: number): number {
  if (!Number.isSafeInteger(minutes)) throw new RangeError(`minutes must be an integer, got ${minutes}`);
  assertWhole('hourly rate', hourlyRateCents);
  const abs = Math.floor((Math.abs(minutes) * hourlyRateCents + 30) / 60);
  return minutes < 0 ? -abs : abs;
}

/** The hourly price of a package of `minutes` costing `priceCents`: priceCents·60/minutes, halves up. */
export function hourlyPriceCents(priceCents: number, minutes: number): number {
  assertWhole('price', priceCents);
  assertWhole('minutes', minutes, 1);
  return Math.floor((2 * priceCents * 60 + minutes) / (2 * minutes));
}

/**
 * The minutes under which a prepaid bucket granted `grantedMinutes` is low: low(r) ⇔ r < lowLimit(g),
 * with lowLimit(g) = max(⌈g·p/100⌉, M). (r·100 < g·p ⇔ r < ⌈g·p/100⌉ for whole r.)
 */
export function lowLimit(grantedMinutes: number, settings: Pick<BillingSettings, 'lowBalancePercent' | 'lowBalanceMinutes'>): number {
  assertWhole('granted minutes', grantedMinutes);
  return Math.max(Math.floor((grantedMinutes * settings.lowBalancePercent + 99) / 100), settings.lowBalanceMinutes);
}
