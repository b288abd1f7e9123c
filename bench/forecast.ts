/**
 * What the hours forecast (`functions/core/hours/forecast.ts`) costs and how well its range holds:
 *
 * 1. Time: `forecastHours` (history from ledger entries, 1,000 resampled paths) on four account
 *    profiles, after a warm-up; median, p99 and max of `--calls` calls each. It runs inside GET /forecast
 *    on top of the two DynamoDB Queries.
 * 2. Calibration: `--accounts` synthetic accounts whose billable use is a weekly Poisson number of
 *    tickets (a rate drawn per account, 0.2–3 a week) of lognormal length rounded up to 15 minutes. Each
 *    gets 12 weeks of history and a free bank, is forecast, and then lives its real future from the same
 *    process: the share whose real run-out day falls within [earliest, latest] (the 10th–90th
 *    percentile, so 80 % would be exact calibration), and how many ran out earlier or later than that.
 *
 * Run: `npm run bench:forecast [-- --calls 30 --accounts 500]`. Not part of `npm test`; seeded, so two
 * runs print the same calibration.
 */
import { parseArgs } from 'node:util';
import { forecastHours, historyWindow } from '../functions/core/hours/forecast';
import { HORIZON_WEEKS, mulberry32, type ForecastPackage } from '../functions/core/hours/forecast-simulation';
import type { LedgerEntry } from '../functions/core/ledger/ledger';
import { romeDayKey, romeDayOf, romeDayStart } from '../functions/core/periods';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '30' }, accounts: { type: 'string', default: '500' } } });
const CALLS = Number(values.calls);
const ACCOUNTS = Number(values.accounts);
const DAY_MS = 86_400_000;
const now = new Date();
const today = romeDayOf(now);
const window = historyWindow(now);
const opened = '2020-01-01T00:00:00Z';

/** One consume entry per ticket, on the given history week (0 = oldest) and weekday. */
function entriesOf(tickets: { week: number; day: number; minutes: number }[]): LedgerEntry[] {
  return tickets.map((t, i) => ({
    id: `e_${String(i).padStart(6, '0')}`,
    customerId: 'c_BENCH',
    at: new Date(romeDayStart(window.weekStarts[t.week]! + t.day).getTime() + 10 * 3_600_000).toISOString(),
    bucket: 'free',
    reason: 'consume',
    minutes: -t.minutes,
    ticketId: `t_${i}`,
  }));
}
const pkg = (id: string, minutesRemaining: number, days: number): ForecastPackage => ({ id, minutesRemaining, expiresAt: new Date((today + days) * DAY_MS + 10 * 3_600_000).toISOString() });
const steady = (perWeek: number, minutes: number) => entriesOf(Array.from({ length: 12 * perWeek }, (_, i) => ({ week: Math.floor(i / perWeek), day: i % 5, minutes })));

const profiles = [
  { name: 'typical: 2 tickets/week, free + 1 package', entries: steady(2, 45), free: 120, packages: [pkg('p_1', 600, 200)] },
  { name: 'heavy: 10 tickets/week, 3 packages', entries: steady(10, 90), free: 0, packages: [pkg('p_1', 600, 30), pkg('p_2', 1200, 200), pkg('p_3', 3000, 360)] },
  { name: 'light: 1 ticket in 12 weeks (never runs out)', entries: entriesOf([{ week: 4, day: 1, minutes: 30 }]), free: 300, packages: [pkg('p_1', 300, 300)] },
  { name: 'bursty: 3 big weeks of 12, 2 packages', entries: entriesOf([0, 5, 9].map((week) => ({ week, day: 2, minutes: 600 }))), free: 300, packages: [pkg('p_1', 1200, 90), pkg('p_2', 3000, 365)] },
];

const pct = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
console.log(`forecastHours, ${CALLS} calls per profile after 5 warm-up calls`);
for (const p of profiles) {
  const input = { now, accountOpenedAt: opened, entries: p.entries, freeMinutes: p.free, packages: p.packages, seed: 42 };
  for (let i = 0; i < 5; i++) forecastHours(input);
  const ms: number[] = [];
  let answer: ReturnType<typeof forecastHours> | undefined;
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    answer = forecastHours(input);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const range = answer?.status === 'ok' ? `${answer.runsOutBetween.earliest ?? '>horizon'} … ${answer.runsOutBetween.latest ?? '>horizon'}` : answer?.status;
  console.log(`  ${p.name.padEnd(48)} p50 ${pct(ms, 0.5).toFixed(1)} ms  p99 ${pct(ms, 0.99).toFixed(1)} ms  max ${ms.at(-1)!.toFixed(1)} ms  → ${range}`);
}

/** Knuth's Poisson sampler (small rates). */
function poisson(random: () => number, rate: number): number {
  const limit = Math.exp(-rate);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const random = mulberry32(20261130);
let inside = 0;
let earlier = 0;
let later = 0;
let forecast = 0;
for (let a = 0; a < ACCOUNTS; a++) {
  const rate = 0.2 + random() * 2.8;
  const weekOf = () => Array.from({ length: poisson(random, rate) }, () => 15 * Math.ceil(Math.exp(Math.log(60) + 0.8 * normal(random)) / 15));
  const history = Array.from({ length: 12 }, weekOf);
  const free = 300 + Math.floor(random() * 2700);
  const entries = entriesOf(history.flatMap((tickets, week) => tickets.map((minutes, i) => ({ week, day: i % 5, minutes }))));
  const answer = forecastHours({ now, accountOpenedAt: opened, entries, freeMinutes: free, packages: [], seed: a });
  if (answer.status !== 'ok') continue;
  forecast++;
  // The real future, from the same process, spread over each week's days as the forecast does.
  let left = free;
  let runOut = Infinity;
  for (let w = 0; w < HORIZON_WEEKS && runOut === Infinity; w++) {
    const use = weekOf().reduce((s, m) => s + m, 0);
    for (let d = 0; d < 7; d++) {
      left -= Math.floor((use * (d + 1)) / 7) - Math.floor((use * d) / 7);
      if (left <= 0) {
        runOut = 7 * w + d;
        break;
      }
    }
  }
  const key = Number.isFinite(runOut) ? romeDayKey(today + runOut) : null;
  const { earliest, latest } = answer.runsOutBetween;
  const before = (x: string | null, y: string | null) => x !== null && (y === null || x < y);
  if (before(key, earliest)) earlier++;
  else if (before(latest, key)) later++;
  else inside++;
}
const share = (n: number) => `${((100 * n) / forecast).toFixed(1)} %`;
console.log(`calibration on ${forecast} synthetic accounts (of ${ACCOUNTS}; the rest had no use): real run-out within [earliest, latest] ${share(inside)}, earlier ${share(earlier)}, later ${share(later)} (exact: 80 %, 10 %, 10 %)`);
