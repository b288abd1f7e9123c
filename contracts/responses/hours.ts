import * as z from 'zod/mini';
import { BUCKETS, ENTRY_REASONS } from '../vocabulary';
import { instant, minutes, cents } from './scalars';

/** The hours: balance, ledger entries, packages and the catalogue, the run-out forecast, finance's balances and rates. Re-exported by `../responses.ts`. */

export const balance = z.object({
  freeMinutesRemaining: minutes,
  /** Σ grants of the free bank: what `freeMinutesRemaining` is out of (the portal's bar). */
  freeMinutesGranted: minutes,
  packageMinutesRemaining: minutes,
  /** Packages not yet expired, the one that expires first first; `minutesGranted` is the package's size, what `minutesRemaining` is out of. */
  packages: z.array(z.object({ id: z.string(), minutesRemaining: minutes, minutesGranted: minutes, expiresAt: instant })),
  consuntivoMinutesThisPeriod: minutes,
  consuntivoAmountCentsThisPeriod: cents,
  hourlyRateCents: cents,
});

/** An immutable ledger entry: signed whole minutes on one bucket (positive credits it). */
export const ledgerEntry = z.object({
  id: z.string(),
  customerId: z.string(),
  at: instant,
  bucket: z.enum(BUCKETS),
  packageId: z.optional(z.string()),
  /** Consuntivo entries: the month, `YYYY-MM` (Europe/Rome). */
  period: z.optional(z.string()),
  reason: z.enum(ENTRY_REASONS),
  minutes: z.int(),
  ticketId: z.optional(z.string()),
  /** A ticket's entries: the ticket's number (`T-2026-000123`), when the ticket is the account's. */
  ticketNumber: z.optional(z.string()),
  revision: z.optional(z.int()),
  orderId: z.optional(z.string()),
  /** Purchases: the package's price, for the next invoice. */
  priceCents: z.optional(cents),
  /** Consuntivo entries: the account's rate when the minutes were taken. */
  hourlyRateCents: z.optional(cents),
  /** Consuntivo entries: positive owed, negative credited. */
  amountCents: z.optional(z.int()),
  note: z.optional(z.string()),
  by: z.optional(z.string()),
});

/** A package on sale. */
export const packageOffer = z.object({ id: z.string(), minutes, priceCents: cents, hourlyPriceCents: cents });
/** Why a package is recommended: about three months of the account's average monthly billable use, over how many months. */
export const packageRecommendation = z.object({ packageId: z.string(), averageMonthlyMinutes: minutes, months: z.int() });
/** `recommended` is the id of the package that fits the account's consumption; `recommendation` the same with the average behind it. */
export const packageOffers = z.object({ items: z.array(packageOffer), recommended: z.optional(z.string()), recommendation: z.optional(packageRecommendation) });

/** A package of the catalogue as finance keeps it. */
export const cataloguePackage = z.extend(packageOffer, { active: z.boolean() });
export const catalogue = z.object({ items: z.array(cataloguePackage) });

export const packageOrder = z.object({
  orderId: z.string(),
  package: z.object({ id: z.string(), catalogueId: z.string(), minutes, priceCents: cents, hourlyPriceCents: cents, orderedAt: instant, expiresAt: instant }),
  ledgerEntry,
});

const weeksOfHistory = z.int();
const expiringUnused = z.object({
  packageId: z.string(),
  /** The median, over the simulated paths, of this package's minutes that expire unused. */
  minutes,
  expiresAt: instant,
});
/** A Rome date, `YYYY-MM-DD`; `null` when not before the forecast's horizon. */
const romeDate = z.nullable(z.iso.date());

/**
 * When the prepaid hours (free bank, then packages) run out, from the account's recent billable use
 * (`status: ok`), or why there is no range: too few weeks of history, nothing prepaid, no consumption.
 */
export const forecast = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    weeksOfHistory,
    /** Free + package minutes usable now. */
    prepaidMinutes: minutes,
    /** Percentiles of the simulated mean weekly use (whole minutes). */
    weeklyMinutes: z.object({ p10: minutes, p50: minutes, p90: minutes }),
    /** Rome dates of the 10th, 50th and 90th percentile of the run-out day. */
    runsOutBetween: z.object({ earliest: romeDate, median: romeDate, latest: romeDate }),
    /** The last day the simulation looks at (Rome date). */
    horizon: z.iso.date(),
    expiringUnused: z.array(expiringUnused),
  }),
  z.object({ status: z.literal('insufficient_history'), weeksOfHistory, weeksNeeded: z.int() }),
  z.object({ status: z.literal('nothing_prepaid') }),
  z.object({ status: z.literal('no_consumption'), weeksOfHistory, prepaidMinutes: minutes, expiringUnused: z.array(expiringUnused) }),
]);

/** One account in finance's list of balances (`GET /finance/customers`). */
export const customerBalance = z.object({
  id: z.string(),
  name: z.string(),
  hourlyRateCents: cents,
  freeMinutesRemaining: minutes,
  freeMinutesGranted: minutes,
  packageMinutesRemaining: minutes,
  consuntivoMinutesThisPeriod: minutes,
  consuntivoAmountCentsThisPeriod: cents,
});

/** `PUT /finance/customers/{id}/rate`: the rate now, the one it replaced, and from when it applies. */
export const customerRate = z.object({
  id: z.string(),
  hourlyRateCents: cents,
  previousHourlyRateCents: cents,
  /** When the change committed: consuntivo settled from then on is charged the new rate. */
  changedAt: instant,
});

export type Balance = z.infer<typeof balance>;
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export type PackageOffer = z.infer<typeof packageOffer>;
export type PackageOrder = z.infer<typeof packageOrder>;
export type PackageRecommendation = z.infer<typeof packageRecommendation>;
export type PackageOffers = z.infer<typeof packageOffers>;
export type Forecast = z.infer<typeof forecast>;
export type CustomerBalance = z.infer<typeof customerBalance>;
export type CustomerRate = z.infer<typeof customerRate>;
