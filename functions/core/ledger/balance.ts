import { monthKey, romeMonthOf } from '../periods';
import type { BucketState } from './ledger';
import { isUsable } from './guards';

/** docs/api.md's `balance`. */
export interface Balance {
  freeMinutesRemaining: number;
  /** Σ grants of the free bank: what `freeMinutesRemaining` is out of (the portal's bar). */
  freeMinutesGranted: number;
  packageMinutesRemaining: number;
  /** `minutesGranted`: the package's size, what `minutesRemaining` is out of. */
  packages: { id: string; minutesRemaining: number; minutesGranted: number; expiresAt: string }[];
  consuntivoMinutesThisPeriod: number;
  consuntivoAmountCentsThisPeriod: number;
  hourlyRateCents: number;
}

/**
 * The balance a customer sees at `at`: the free bank, the packages not yet expired (expired minutes are
 * lost even before the daily job writes their entry), and this month's consuntivo.
 */
export function balanceOf(buckets: readonly BucketState[], hourlyRateCents: number, at: Date): Balance {
  const period = monthKey(romeMonthOf(at));
  const packages = buckets
    .filter((b) => isUsable(b, at))
    .sort((x, y) => x.expiresAt!.localeCompare(y.expiresAt!) || x.packageId!.localeCompare(y.packageId!))
    .map((b) => ({ id: b.packageId!, minutesRemaining: b.balanceMinutes, minutesGranted: b.grantedMinutes, expiresAt: b.expiresAt! }));
  const consuntivo = buckets.find((b) => b.bucket === 'consuntivo' && b.period === period);
  const free = buckets.find((b) => b.bucket === 'free');
  return {
    freeMinutesRemaining: free?.balanceMinutes ?? 0,
    freeMinutesGranted: free?.grantedMinutes ?? 0,
    packageMinutesRemaining: packages.reduce((s, p) => s + p.minutesRemaining, 0),
    packages,
    consuntivoMinutesThisPeriod: 0 - (consuntivo?.balanceMinutes ?? 0),
    consuntivoAmountCentsThisPeriod: consuntivo?.amountCents ?? 0,
    hourlyRateCents,
  };
}
