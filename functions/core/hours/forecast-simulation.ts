import { isoWeekMonday, romeDayKey, romeDayOf, type RomeDay } from '../periods';

/** Steps 3–5 of the forecast's method (`forecast.ts`'s header): the seeded block bootstrap and its percentiles. */

/** About n^(1/3) for n = 8–12 weeks, the usual block length for a short series. */
export const BLOCK_WEEKS = 2;
export const RESAMPLES = 1000;
/** Three years: longer than a package's default validity (12 months). */
export const HORIZON_WEEKS = 156;
/** The weeks whose mean use `weeklyMinutes` reports. */
export const USE_WEEKS = 12;

/** A package with minutes usable now (`Balance.packages`). */
export interface ForecastPackage {
  id: string;
  minutesRemaining: number;
  expiresAt: string;
}

/** A 32-bit FNV-1a hash: the seed of an account's forecast for a week. */
export function forecastSeed(customerId: string, now: Date): number {
  const text = `${customerId}#${romeDayKey(isoWeekMonday(romeDayOf(now)))}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a small, fast, seedable generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The value at percentile `p` (0–1) of sorted values, by nearest rank. */
const nearestRank = <T>(sorted: readonly T[], p: number): T => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

export interface SimulationInput {
  /** Net billable minutes of each usable history week, oldest first (at least one above zero). */
  weeklyMinutes: readonly number[];
  freeMinutes: number;
  packages: readonly ForecastPackage[];
  today: RomeDay;
  seed: number;
}

export interface SimulationResult {
  /** Per percentile, the run-out day as an offset from today, or `Infinity` beyond the horizon. */
  runOutDays: { p10: number; p50: number; p90: number };
  weeklyMinutes: { p10: number; p50: number; p90: number };
  /** Median minutes expiring unused, per package, in the input's order. */
  expiredMinutes: number[];
}

/** Steps 3–5 of the method on a week series. */
export function simulate(input: SimulationInput): SimulationResult {
  const history = input.weeklyMinutes;
  const n = history.length;
  const order = input.packages
    .map((p, index) => ({ index, expiryDay: romeDayOf(new Date(p.expiresAt)) - input.today, expiresAt: p.expiresAt, id: p.id, minutes: p.minutesRemaining }))
    .sort((x, y) => x.expiresAt.localeCompare(y.expiresAt) || x.id.localeCompare(y.id));
  const runOuts: number[] = [];
  const means: number[] = [];
  const expired = input.packages.map(() => [] as number[]);

  for (let path = 0; path < RESAMPLES; path++) {
    const random = mulberry32((input.seed ^ Math.imul(path + 1, 0x9e3779b9)) >>> 0);
    /** Appends `count` weeks of `source` to `into`, in circular blocks of BLOCK_WEEKS from random starts. */
    const blocks = (source: readonly number[], into: number[], count: number) => {
      for (let k = 0; k < count; k++) {
        const at = into.length;
        if (at % BLOCK_WEEKS === 0) blockStart = Math.floor(random() * n);
        into.push(source[(blockStart + (at % BLOCK_WEEKS)) % n]!);
      }
    };
    let blockStart = 0;
    // The path's own history first (a resample of the real one), then its future drawn from that: so the
    // range also holds how far 8–12 weeks may be from the account's true rate, not only week-to-week noise.
    const own: number[] = [];
    blocks(history, own, n);
    const weeks: number[] = [];
    const weekUse = (w: number): number => {
      if (weeks.length <= w) blocks(own, weeks, w + 1 - weeks.length);
      return weeks[w]!;
    };

    let free = input.freeMinutes;
    const left = order.map((p) => (p.expiryDay > 0 ? p.minutes : 0));
    const lost = order.map((p) => (p.expiryDay > 0 ? 0 : p.minutes));
    let prepaid = free + left.reduce((s, m) => s + m, 0);
    /** Draws `use` minutes in the ledger's order: the free bank, then packages by earliest expiry. */
    const draw = (use: number) => {
      const fromFree = Math.min(free, use);
      free -= fromFree;
      prepaid -= fromFree;
      let rest = use - fromFree;
      for (let j = 0; j < order.length && rest > 0; j++) {
        const take = Math.min(left[j]!, rest);
        left[j]! -= take;
        prepaid -= take;
        rest -= take;
      }
    };
    let runOut = Infinity;
    for (let w = 0; w < HORIZON_WEEKS && runOut === Infinity; w++) {
      const use = weekUse(w);
      const first = 7 * w;
      // A week with no expiry in it that ends with something prepaid left draws the same minutes from
      // the same buckets whether played a day at a time or at once.
      if (prepaid > use && !order.some((p) => p.expiryDay >= first && p.expiryDay < first + 7)) {
        draw(use);
        continue;
      }
      for (let d = 0; d < 7; d++) {
        for (let j = 0; j < order.length; j++) {
          if (order[j]!.expiryDay !== first + d) continue;
          lost[j]! += left[j]!;
          prepaid -= left[j]!;
          left[j] = 0;
        }
        if (prepaid > 0) draw(Math.floor((use * (d + 1)) / 7) - Math.floor((use * d) / 7));
        if (prepaid === 0) {
          runOut = first + d;
          break;
        }
      }
    }
    runOuts.push(runOut);
    let sum = 0;
    for (let w = 0; w < USE_WEEKS; w++) sum += weekUse(w);
    means.push(sum / USE_WEEKS);
    order.forEach((p, j) => expired[p.index]!.push(lost[j]!));
  }

  const byValue = (a: number, b: number) => a - b;
  runOuts.sort(byValue);
  means.sort(byValue);
  return {
    runOutDays: { p10: nearestRank(runOuts, 0.1), p50: nearestRank(runOuts, 0.5), p90: nearestRank(runOuts, 0.9) },
    weeklyMinutes: { p10: Math.round(nearestRank(means, 0.1)), p50: Math.round(nearestRank(means, 0.5)), p90: Math.round(nearestRank(means, 0.9)) },
    expiredMinutes: expired.map((values) => nearestRank(values.sort(byValue), 0.5)),
  };
}
