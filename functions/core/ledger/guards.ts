import { lowLimit } from '../billing/billing';
import type { BillingSettings } from '../billing/settings';
import { type BucketRef, type BucketState, type Slice, type Charge, type Threshold, type Guard, bucketKey, assert, isWhole } from './ledger';

/** The rules a plan draws by (G7, G8): which buckets, in what order, within which guard, crossing which threshold (`ledger.ts` states the guarantees). */
/** A package can be drawn on at `at`: bought, not expired. */
export const isUsable = (b: BucketState, at: Date): boolean => b.bucket === 'package' && b.expiresAt !== undefined && Date.parse(b.expiresAt) > at.getTime();

/** The prepaid buckets in the order a settle draws on them (G7): free, then usable packages by expiry. */
export function drawOrder(buckets: readonly BucketState[], at: Date): BucketState[] {
  const free = buckets.filter((b) => b.bucket === 'free');
  const packages = buckets
    .filter((b) => isUsable(b, at))
    .sort((x, y) => x.expiresAt!.localeCompare(y.expiresAt!) || (x.orderedAt ?? '').localeCompare(y.orderedAt ?? '') || x.packageId!.localeCompare(y.packageId!));
  return [...free, ...packages];
}

/**
 * The guard for drawing `m` from a prepaid bucket that held `b` of `g` granted: the widest window of
 * balances x ∋ b on which every predicate the plan depends on — x ≥ m (G3), x = m (exhausted),
 * x ≥ L and x − m ≥ L (low, G8) — has the value it has at b. Cut points are where one flips.
 */
export function debitGuard(b: number, m: number, g: number, settings: Pick<BillingSettings, 'lowBalancePercent' | 'lowBalanceMinutes'>): Guard {
  assert(isWhole(m) && m > 0 && isWhole(b) && b >= m, `debit of ${m} from a balance of ${b}`);
  const L = lowLimit(g, settings);
  const cuts = [m, m + 1, L, L + m];
  const lo = Math.max(...cuts.filter((c) => c <= b));
  const above = cuts.filter((c) => c > b);
  return { minBalance: lo, ...(above.length ? { maxBalance: Math.min(...above) - 1 } : {}), grantedMinutes: g };
}

/** Whether a guard holds on a stored bucket (the in-memory store's version of the DynamoDB condition). */
export function guardHolds(guard: Guard, state: BucketState | undefined): boolean {
  if (!state) return false;
  if (guard.minBalance !== undefined && state.balanceMinutes < guard.minBalance) return false;
  if (guard.maxBalance !== undefined && state.balanceMinutes > guard.maxBalance) return false;
  if (guard.grantedMinutes !== undefined && state.grantedMinutes !== guard.grantedMinutes) return false;
  if (guard.packageCount !== undefined && state.packageCount !== guard.packageCount) return false;
  return true;
}

/** Thresholds crossed by drawing m from a bucket that held b of g (G8). */
export function thresholdsCrossed(ref: BucketRef, b: number, m: number, g: number, settings: Pick<BillingSettings, 'lowBalancePercent' | 'lowBalanceMinutes'>): Threshold[] {
  if (ref.bucket === 'consuntivo') return [];
  const after = b - m;
  if (b > 0 && after === 0) return [ref.bucket === 'free' ? { kind: 'free_exhausted', grantedMinutes: g } : { kind: 'package_exhausted', packageId: ref.packageId!, grantedMinutes: g }];
  const L = lowLimit(g, settings);
  if (b >= L && after < L) {
    return [{ kind: 'low_balance', bucket: ref.bucket, ...(ref.packageId ? { packageId: ref.packageId } : {}), minutesRemaining: after, grantedMinutes: g }];
  }
  return [];
}

/** Sums a ticket's slices per bucket, in the order each bucket was first drawn on (docs/api.md `charges`). */
export function chargesOf(slices: readonly Slice[]): Charge[] {
  const out = new Map<string, Charge>();
  for (const s of slices) {
    const key = bucketKey(s.bucket === 'consuntivo' ? { bucket: 'consuntivo', period: '' } : s);
    const hit = out.get(key);
    if (hit) hit.minutes += s.minutes;
    else out.set(key, { bucket: s.bucket, ...(s.packageId ? { packageId: s.packageId } : {}), minutes: s.minutes });
  }
  return [...out.values()].filter((c) => c.minutes > 0);
}

export const sameSlice = (a: Slice, b: Omit<Slice, 'minutes'>) =>
  a.bucket === b.bucket && a.packageId === b.packageId && a.hourlyRateCents === b.hourlyRateCents;
