/**
 * The hours ledger, first cut: immutable entries per account, balances as their sum. The free bank is
 * granted by an entry when the account is created.
 *
 * Guarantee (checked by `balanceFromEntries`): freeMinutesRemaining = Σ entry.minutes over bucket `free`.
 */
export type Bucket = 'free' | 'package' | 'consuntivo';
export type EntryReason = 'grant';

export interface LedgerEntry {
  id: string;
  customerId: string;
  at: string;
  bucket: Bucket;
  reason: EntryReason;
  /** Signed whole minutes: positive credits the bucket, negative draws on it. */
  minutes: number;
  note?: string;
  by?: string;
}

/** The `balance` object of API.md. */
export interface Balance {
  freeMinutesRemaining: number;
  packageMinutesRemaining: number;
  packages: { id: string; minutesRemaining: number; expiresAt: string }[];
  consuntivoMinutesThisPeriod: number;
  consuntivoAmountCentsThisPeriod: number;
  hourlyRateCents: number;
}

export function balanceFromEntries(entries: readonly LedgerEntry[], hourlyRateCents: number): Balance {
  let free = 0;
  for (const e of entries) {
    if (!Number.isSafeInteger(e.minutes)) throw new Error(`ledger entry ${e.id} has non-integer minutes`);
    if (e.bucket === 'free') free += e.minutes;
  }
  return {
    freeMinutesRemaining: free,
    packageMinutesRemaining: 0,
    packages: [],
    consuntivoMinutesThisPeriod: 0,
    consuntivoAmountCentsThisPeriod: 0,
    hourlyRateCents,
  };
}
