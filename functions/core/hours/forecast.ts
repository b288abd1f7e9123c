import type { LedgerEntry } from '../ledger/ledger';
import { isoWeekMonday, romeDayKey, romeDayOf, romeDayStart, type RomeDay } from '../periods';
import { HORIZON_WEEKS, simulate, type ForecastPackage } from './forecast-simulation';

/**
 * When the account's prepaid hours (the free bank, then the packages) run out, as a range, from its
 * recent billable use. Pure and deterministic: the same input and seed give the same answer.
 *
 * Method
 * 1. History: the net billable minutes of each of the last `HISTORY_WEEKS` complete ISO weeks
 *    (Monday–Sunday, Europe/Rome) before the current one, counting only the weeks the account existed
 *    for in full. Billable minutes are the ticket entries (`consume`, `give_back`) in every bucket,
 *    consuntivo included: what the account used, not what its prepaid hours happened to cover. A
 *    `give_back` takes back the same ticket's most recent consumption in the window first (the ledger
 *    gives back newest first), so a contest accepted within the window removes that work from its week;
 *    a give-back of work older than the window is ignored.
 * 2. Fewer than `MIN_HISTORY_WEEKS` weeks → `insufficient_history`; nothing prepaid now →
 *    `nothing_prepaid`; no billable minute in the history → `no_consumption` (every package would
 *    expire untouched, which it says).
 * 3. Resampling: `RESAMPLES` paths. Each path first resamples the history itself (as many weeks as it
 *    has), then draws its future of up to `HORIZON_WEEKS` weeks from that resample; both draws take
 *    blocks of `BLOCK_WEEKS` consecutive weeks (a circular block bootstrap: a block starts at a
 *    uniformly drawn week and wraps around), so a piece of work spread over two weeks stays together.
 *    The first level is why the range is not too narrow: drawing the future straight from the history
 *    makes every long path average the history's own mean, as if 8–12 weeks told the account's true
 *    rate; `npm run bench:forecast` measured 50 % of real run-outs inside the 10–90 % range that way,
 *    70 % with the two levels (80 % would be exact; the rest fall mostly early, on skewed use). Each
 *    path has its own mulberry32 generator seeded from (seed, path number), so a path's draws never
 *    depend on the balances or on where another path stopped: with one seed, more prepaid minutes or
 *    more use change each path's outcome in one direction only, and so every percentile.
 * 4. Each path is played day by day from today (Rome): a week's minutes are spread over its 7 days in
 *    whole minutes; each day draws from the free bank, then from the packages by earliest expiry (the
 *    ledger's order), and what is left would go a consuntivo. A package is usable before its expiry's
 *    Rome day and lost from the start of that day. The path runs out on the first day that ends with
 *    nothing prepaid left (drained that day, or the last package expiring that day).
 * 5. Answer: the 10th, 50th and 90th percentiles (nearest rank) of the run-out day over the paths
 *    (`null`: not within the horizon); of each path's mean weekly use over its first 12 weeks; and, per
 *    package, the median of the minutes that expire unused (listed when above zero).
 */
export const HISTORY_WEEKS = 12;
export const MIN_HISTORY_WEEKS = 8;
export interface ExpiringUnused {
  packageId: string;
  /** The median, over the resampled paths, of this package's minutes that expire unused. */
  minutes: number;
  expiresAt: string;
}

export type Forecast =
  | {
      status: 'ok';
      weeksOfHistory: number;
      /** Free + package minutes usable now. */
      prepaidMinutes: number;
      /** Percentiles of the resampled mean weekly use (whole minutes). */
      weeklyMinutes: { p10: number; p50: number; p90: number };
      /**
       * Rome dates (YYYY-MM-DD) of the 10th, 50th and 90th percentile of the run-out day; `null` when
       * it is not before `horizon`.
       */
      runsOutBetween: { earliest: string | null; median: string | null; latest: string | null };
      horizon: string;
      expiringUnused: ExpiringUnused[];
    }
  | { status: 'insufficient_history'; weeksOfHistory: number; weeksNeeded: number }
  | { status: 'nothing_prepaid' }
  | { status: 'no_consumption'; weeksOfHistory: number; prepaidMinutes: number; expiringUnused: ExpiringUnused[] };

/** The history weeks as instants: `from` (inclusive, a Monday 00:00 Rome) to `to` (exclusive, this Monday). */
export interface HistoryWindow {
  from: Date;
  to: Date;
  /** The Monday of each history week, oldest first. */
  weekStarts: RomeDay[];
}

export function historyWindow(now: Date): HistoryWindow {
  const thisMonday = isoWeekMonday(romeDayOf(now));
  const weekStarts = Array.from({ length: HISTORY_WEEKS }, (_, i) => thisMonday - 7 * (HISTORY_WEEKS - i));
  return { from: romeDayStart(weekStarts[0]!), to: romeDayStart(thisMonday), weekStarts };
}

/** How many of the window's weeks the account existed for in full (the newest ones). */
export function weeksOfHistory(window: HistoryWindow, accountOpenedAt: string): number {
  const opened = Date.parse(accountOpenedAt);
  return window.weekStarts.filter((monday) => romeDayStart(monday).getTime() >= opened).length;
}

/**
 * Net billable minutes per history week, oldest first (step 1 of the method). Entries outside the
 * window and entries of no ticket are ignored.
 */
export function weeklyBillableMinutes(entries: readonly LedgerEntry[], window: HistoryWindow): number[] {
  const weeks = window.weekStarts.map(() => 0);
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const byTicket = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    if (e.ticketId === undefined || (e.reason !== 'consume' && e.reason !== 'give_back') || e.at < from || e.at >= to) continue;
    const list = byTicket.get(e.ticketId);
    if (list) list.push(e);
    else byTicket.set(e.ticketId, [e]);
  }
  const first = window.weekStarts[0]!;
  for (const ticketEntries of byTicket.values()) {
    // What the ticket consumed in the window, newest last, as [week, minutes] still standing.
    const stack: [number, number][] = [];
    for (const e of ticketEntries.sort((x, y) => x.at.localeCompare(y.at) || x.id.localeCompare(y.id))) {
      if (e.reason === 'consume') {
        stack.push([Math.floor((romeDayOf(new Date(e.at)) - first) / 7), -e.minutes]);
        continue;
      }
      let back = e.minutes;
      while (back > 0 && stack.length > 0) {
        const top = stack.at(-1)!;
        const take = Math.min(back, top[1]);
        top[1] -= take;
        back -= take;
        if (top[1] === 0) stack.pop();
      }
    }
    for (const [week, minutes] of stack) weeks[week]! += minutes;
  }
  return weeks;
}

export interface ForecastInput {
  now: Date;
  /** When the account was opened: weeks before it are no history. */
  accountOpenedAt: string;
  /** The account's ledger entries of `historyWindow(now)` (others are ignored). */
  entries: readonly LedgerEntry[];
  freeMinutes: number;
  /** The packages usable now, with their minutes left. */
  packages: readonly ForecastPackage[];
  seed: number;
}

/** The account's forecast (the method is in this file's header). */
export function forecastHours(input: ForecastInput): Forecast {
  const window = historyWindow(input.now);
  const packages = input.packages.filter((p) => p.minutesRemaining > 0 && Date.parse(p.expiresAt) > input.now.getTime());
  const prepaidMinutes = input.freeMinutes + packages.reduce((s, p) => s + p.minutesRemaining, 0);
  if (prepaidMinutes <= 0) return { status: 'nothing_prepaid' };
  const weeks = weeksOfHistory(window, input.accountOpenedAt);
  if (weeks < MIN_HISTORY_WEEKS) return { status: 'insufficient_history', weeksOfHistory: weeks, weeksNeeded: MIN_HISTORY_WEEKS };
  const history = weeklyBillableMinutes(input.entries, window).slice(HISTORY_WEEKS - weeks);
  const byExpiry = [...packages].sort((x, y) => x.expiresAt.localeCompare(y.expiresAt) || x.id.localeCompare(y.id));
  if (history.every((m) => m <= 0)) {
    return {
      status: 'no_consumption',
      weeksOfHistory: weeks,
      prepaidMinutes,
      expiringUnused: byExpiry.map((p) => ({ packageId: p.id, minutes: p.minutesRemaining, expiresAt: p.expiresAt })),
    };
  }
  const today = romeDayOf(input.now);
  const result = simulate({ weeklyMinutes: history, freeMinutes: input.freeMinutes, packages: byExpiry, today, seed: input.seed });
  const date = (offset: number) => (Number.isFinite(offset) ? romeDayKey(today + offset) : null);
  return {
    status: 'ok',
    weeksOfHistory: weeks,
    prepaidMinutes,
    weeklyMinutes: result.weeklyMinutes,
    runsOutBetween: { earliest: date(result.runOutDays.p10), median: date(result.runOutDays.p50), latest: date(result.runOutDays.p90) },
    horizon: romeDayKey(today + HORIZON_WEEKS * 7),
    expiringUnused: byExpiry.flatMap((p, i) => (result.expiredMinutes[i]! > 0 ? [{ packageId: p.id, minutes: result.expiredMinutes[i]!, expiresAt: p.expiresAt }] : [])),
  };
}
