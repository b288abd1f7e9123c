/**
 * Proves the hours forecast (`core/hours/forecast.ts`) as properties over random histories and balances: the
 * same seed gives the same answer; earliest ≤ median ≤ latest; more prepaid minutes (free or package)
 * never make the hours run out earlier and more weekly use never later; history below eight weeks is
 * "insufficient"; a package that expires before the use can reach it is listed with all its minutes.
 * Worked examples pin the dates: constant use, the draw order by expiry, a package expiring, the weekly
 * history in Rome weeks with give-backs taking back the newest consumption, and the seed's week.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_HISTORY_WEEKS, forecastHours, historyWindow, weeklyBillableMinutes } from '../../functions/core/hours/forecast';
import { forecastSeed, HORIZON_WEEKS, simulate, type ForecastPackage, type SimulationResult } from '../../functions/core/hours/forecast-simulation';
import type { LedgerEntry } from '../../functions/core/ledger/ledger';
import { romeDayKey, romeDayOf, romeDayStart } from '../../functions/core/periods';

/** Wednesday 25 November 2026, 10:00 in Rome. */
const now = new Date('2026-11-25T09:00:00Z');
const today = romeDayOf(now);
const DAY_MS = 86_400_000;
/** A package expiring `days` Rome days from today, mid-morning. */
const pkg = (id: string, minutesRemaining: number, days: number): ForecastPackage => ({ id, minutesRemaining, expiresAt: new Date((today + days) * DAY_MS + 10 * 3_600_000).toISOString() });
const week = (minutes: number, n = 12) => Array.from({ length: n }, () => minutes);

const history = fc.array(fc.integer({ min: 0, max: 900 }), { minLength: MIN_HISTORY_WEEKS, maxLength: 12 }).filter((w) => w.some((m) => m > 0));
const packages = fc.uniqueArray(fc.record({ id: fc.constantFrom('p_a', 'p_b', 'p_c', 'p_d'), minutesRemaining: fc.integer({ min: 1, max: 3000 }), days: fc.integer({ min: 1, max: 600 }) }), {
  maxLength: 3,
  selector: (p) => p.id,
});
const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const RUNS = { numRuns: 40 };

/** The three run-out percentiles as numbers (beyond the horizon: Infinity), for comparisons. */
const days = (r: SimulationResult) => [r.runOutDays.p10, r.runOutDays.p50, r.runOutDays.p90];
const run = (weeklyMinutes: readonly number[], freeMinutes: number, pkgs: readonly ForecastPackage[], s: number) => simulate({ weeklyMinutes, freeMinutes, packages: pkgs, today, seed: s });

describe('forecast properties', () => {
  it('is deterministic for a seed, and earliest ≤ median ≤ latest', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 3000 }), packages, seed, (weekly, free, ps, s) => {
        const input = { now, accountOpenedAt: '2020-01-01T00:00:00Z', entries: entriesOf(weekly), freeMinutes: free + 1, packages: ps.map((p) => pkg(p.id, p.minutesRemaining, p.days)), seed: s };
        const a = run(weekly, free, input.packages, s);
        expect(run(weekly, free, input.packages, s)).toEqual(a);
        const answer = forecastHours(input);
        expect(answer.status).toBe('ok');
        expect(forecastHours(input)).toEqual(answer);
        const [p10, p50, p90] = days(a);
        expect(p10).toBeLessThanOrEqual(p50!);
        expect(p50).toBeLessThanOrEqual(p90!);
        expect(a.weeklyMinutes.p10).toBeLessThanOrEqual(a.weeklyMinutes.p50);
        expect(a.weeklyMinutes.p50).toBeLessThanOrEqual(a.weeklyMinutes.p90);
      }),
      RUNS,
    );
  });

  it('more prepaid minutes, free or in a package, never make the hours run out earlier', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 3000 }), packages, fc.integer({ min: 1, max: 3000 }), fc.nat(3), seed, (weekly, free, ps, extra, which, s) => {
        const base = ps.map((p) => pkg(p.id, p.minutesRemaining, p.days));
        const before = days(run(weekly, free, base, s));
        const more = which < base.length ? [run(weekly, free, base.map((p, i) => (i === which ? { ...p, minutesRemaining: p.minutesRemaining + extra } : p)), s)] : [];
        for (const after of [run(weekly, free + extra, base, s), ...more].map(days)) {
          after.forEach((d, i) => expect(d).toBeGreaterThanOrEqual(before[i]!));
        }
      }),
      RUNS,
    );
  });

  it('more weekly use never makes the hours last longer', () => {
    const pairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 600 })), { minLength: MIN_HISTORY_WEEKS, maxLength: 12 }).filter((w) => w.some(([m]) => m > 0));
    fc.assert(
      fc.property(pairs, fc.integer({ min: 0, max: 3000 }), packages, seed, (weeks, free, ps, s) => {
        const base = ps.map((p) => pkg(p.id, p.minutesRemaining, p.days));
        const before = days(run(weeks.map(([m]) => m), free + 1, base, s));
        const after = days(run(weeks.map(([m, extra]) => m + extra), free + 1, base, s));
        after.forEach((d, i) => expect(d).toBeLessThanOrEqual(before[i]!));
      }),
      RUNS,
    );
  });

  it('below eight complete weeks of history the answer is "insufficient_history", from eight on it is not', () => {
    const monday = romeDayOf(historyWindow(now).to);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (daysOpen) => {
        const openedAt = romeDayStart(monday - daysOpen).toISOString();
        const fullWeeks = Math.min(12, Math.floor(daysOpen / 7));
        const out = forecastHours({ now, accountOpenedAt: openedAt, entries: [], freeMinutes: 300, packages: [], seed: 1 });
        if (fullWeeks < MIN_HISTORY_WEEKS) expect(out).toEqual({ status: 'insufficient_history', weeksOfHistory: fullWeeks, weeksNeeded: 8 });
        else expect(out).toEqual({ status: 'no_consumption', weeksOfHistory: fullWeeks, prepaidMinutes: 300, expiringUnused: [] });
      }),
      { numRuns: 100 },
    );
  });

  it('a package that expires before the use can reach it is listed with all its minutes', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 300 }), seed, (weekly, minutes, expiresInDays, s) => {
        // The free bank outlasts the package's life even if every week were the heaviest one.
        const free = Math.max(...weekly) * (Math.ceil(expiresInDays / 7) + 1) + 1;
        const p = pkg('p_x', minutes, expiresInDays);
        expect(run(weekly, free, [p], s).expiredMinutes).toEqual([minutes]);
        const out = forecastHours({ now, accountOpenedAt: '2020-01-01T00:00:00Z', entries: entriesOf(weekly), freeMinutes: free, packages: [p], seed: s });
        expect(out).toMatchObject({ status: 'ok', expiringUnused: [{ packageId: 'p_x', minutes, expiresAt: p.expiresAt }] });
      }),
      RUNS,
    );
  });
});

describe('forecast examples', () => {
  it('constant use: 70 minutes a week (10 a day) drains 300 free minutes on the 30th day, every path alike', () => {
    const r = run(week(70), 300, [], 1);
    expect(r.runOutDays).toEqual({ p10: 29, p50: 29, p90: 29 });
    expect(r.weeklyMinutes).toEqual({ p10: 70, p50: 70, p90: 70 });
  });

  it('draws packages by earliest expiry, so the one expiring first is used before it is lost', () => {
    // 10 a day: the package expiring in 10 days is drained by day 9, the later one by day 19.
    const r = run(week(70), 0, [pkg('p_late', 100, 30), pkg('p_soon', 100, 10)], 1);
    expect(r.runOutDays.p50).toBe(19);
    expect(r.expiredMinutes).toEqual([0, 0]);
  });

  it('a package expiring with minutes left is lost on its day, which is then the run-out day', () => {
    // 10 a day: free lasts days 0–9, the package gets 10 a day from day 10 until it expires on day 20.
    const r = run(week(70), 100, [pkg('p_1', 500, 20)], 1);
    expect(r.expiredMinutes).toEqual([400]);
    expect(r.runOutDays.p50).toBe(20);
  });

  it('beyond the horizon the dates are null; the answer says until when it looked', () => {
    const out = forecastHours({ now, accountOpenedAt: '2020-01-01T00:00:00Z', entries: [consume('t_1', 10, weekStart(0))], freeMinutes: 300_000, packages: [], seed: 3 });
    expect(out).toMatchObject({ status: 'ok', runsOutBetween: { earliest: null, median: null, latest: null }, horizon: romeDayKey(today + HORIZON_WEEKS * 7) });
  });

  it('forecastHours answers in Rome dates and lists only what expires unused', () => {
    const entries = Array.from({ length: 12 }, (_, i) => consume(`t_${i}`, 70, weekStart(i)));
    const out = forecastHours({ now, accountOpenedAt: '2020-01-01T00:00:00Z', entries, freeMinutes: 300, packages: [pkg('p_1', 500, 40)], seed: 5 });
    // Days 0–29 free, then 10 a day from the package until it expires on day 40 (100 used, 400 lost).
    expect(out).toEqual({
      status: 'ok',
      weeksOfHistory: 12,
      prepaidMinutes: 800,
      weeklyMinutes: { p10: 70, p50: 70, p90: 70 },
      runsOutBetween: { earliest: romeDayKey(today + 40), median: romeDayKey(today + 40), latest: romeDayKey(today + 40) },
      horizon: romeDayKey(today + HORIZON_WEEKS * 7),
      expiringUnused: [{ packageId: 'p_1', minutes: 400, expiresAt: pkg('p_1', 500, 40).expiresAt }],
    });
    expect(romeDayKey(today + 40)).toBe('2027-01-04');
  });

  it('nothing prepaid, or no billable use in the history, is said as such', () => {
    expect(forecastHours({ now, accountOpenedAt: '2020-01-01T00:00:00Z', entries: [], freeMinutes: 0, packages: [pkg('p_old', 100, -1)], seed: 1 })).toEqual({ status: 'nothing_prepaid' });
    expect(forecastHours({ now, accountOpenedAt: '2020-01-01T00:00:00Z', entries: [], freeMinutes: 60, packages: [pkg('p_1', 300, 90)], seed: 1 })).toEqual({
      status: 'no_consumption',
      weeksOfHistory: 12,
      prepaidMinutes: 360,
      expiringUnused: [{ packageId: 'p_1', minutes: 300, expiresAt: pkg('p_1', 300, 90).expiresAt }],
    });
  });
});

let seq = 0;
const entry = (ticketId: string, reason: 'consume' | 'give_back', minutes: number, at: Date, bucket: LedgerEntry['bucket'] = 'free'): LedgerEntry => ({
  id: `e_${String(++seq).padStart(4, '0')}`,
  customerId: 'c_F',
  at: at.toISOString(),
  bucket,
  reason,
  minutes,
  ticketId,
});
const consume = (ticketId: string, minutes: number, at: Date, bucket: LedgerEntry['bucket'] = 'free') => entry(ticketId, 'consume', -minutes, at, bucket);
/** One ticket's consumption per history week, the newest weeks last. */
const entriesOf = (weekly: readonly number[]) => weekly.flatMap((m, i) => (m > 0 ? [consume(`t_${i}`, m, weekStart(12 - weekly.length + i, 9))] : []));
/** Monday 00:00 Rome of history week i (0 = the oldest), plus `hours`. */
const weekStart = (i: number, hours = 0) => new Date(romeDayStart(historyWindow(now).weekStarts[i]!).getTime() + hours * 3_600_000);

describe('the weekly history', () => {
  const window = historyWindow(now);

  it('is the twelve complete Rome weeks before this one', () => {
    // This week began on Monday 23 November 2026 at 00:00 Rome (23:00 UTC the day before).
    expect(window.to.toISOString()).toBe('2026-11-22T23:00:00.000Z');
    // Twelve weeks back, 31 August, was summer time.
    expect(window.from.toISOString()).toBe('2026-08-30T22:00:00.000Z');
  });

  it('counts billable minutes of every bucket by Rome week; give-backs take back the newest consumption of their ticket', () => {
    const entries = [
      consume('t_a', 60, weekStart(0, 1)),
      consume('t_a', 30, weekStart(2, 1), 'package'),
      // Given back in week 5: the 30 of week 2 first, then 10 of week 0.
      entry('t_a', 'give_back', 40, weekStart(5)),
      consume('t_b', 45, weekStart(3, 1), 'consuntivo'),
      // Sunday 23:30 in Rome is still that week; 00:30 on Monday is the next.
      consume('t_c', 15, new Date(weekStart(7).getTime() - 30 * 60_000)),
      consume('t_d', 15, new Date(weekStart(7).getTime() + 30 * 60_000)),
      // A give-back of work older than the window takes nothing from the window.
      entry('t_old', 'give_back', 120, weekStart(1)),
      // Not ticket use, and outside the window: ignored.
      { ...consume('t_x', 999, weekStart(4)), ticketId: undefined },
      consume('t_late', 500, window.to),
    ];
    expect(weeklyBillableMinutes(entries, window)).toEqual([50, 0, 0, 45, 0, 0, 15, 15, 0, 0, 0, 0]);
  });

  it('an accepted contest within the window leaves nothing of its ticket', () => {
    const entries = [consume('t_a', 90, weekStart(9)), entry('t_a', 'give_back', 90, weekStart(10))];
    expect(weeklyBillableMinutes(entries, window)).toEqual(week(0));
  });

  it('the seed changes with the account and the ISO week, not within a week', () => {
    expect(forecastSeed('c_A', now)).toBe(forecastSeed('c_A', new Date('2026-11-29T22:59:00Z')));
    expect(forecastSeed('c_A', now)).not.toBe(forecastSeed('c_A', new Date('2026-11-29T23:00:00Z')));
    expect(forecastSeed('c_A', now)).not.toBe(forecastSeed('c_B', now));
  });
});
