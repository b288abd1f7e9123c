import { type BucketState, type LedgerEntry, type TicketSettlement, bucketKey, isWhole } from './ledger';
import { chargesOf } from './guards';

/** One disagreement between the stored balances and their entries; reconcile's output. */
export interface Drift {
  customerId: string;
  what: string;
  stored: number;
  fromEntries: number;
}

/**
 * Recomputes G1–G5 and G9 for one account from its entries alone and lists every disagreement with the stored
 * buckets and settlements (an empty list: zero drift).
 */
export function reconcileAccount(customerId: string, data: { buckets: readonly BucketState[]; entries: readonly LedgerEntry[]; settlements: readonly TicketSettlement[] }): Drift[] {
  const drift: Drift[] = [];
  const diff = (what: string, stored: number, fromEntries: number) => {
    if (stored !== fromEntries) drift.push({ customerId, what, stored, fromEntries });
  };
  const sums = new Map<string, { minutes: number; granted: number; cents: number }>();
  for (const e of data.entries) {
    if (!isWhole(e.minutes)) drift.push({ customerId, what: `entry ${e.id} minutes are not whole`, stored: Number(e.minutes), fromEntries: Math.trunc(Number(e.minutes)) });
    const s = sums.get(bucketKey(e)) ?? { minutes: 0, granted: 0, cents: 0 };
    s.minutes += e.minutes;
    if (e.reason === 'grant' || e.reason === 'purchase') s.granted += e.minutes;
    s.cents += e.amountCents ?? 0;
    sums.set(bucketKey(e), s);
  }
  const stored = new Map(data.buckets.map((b) => [bucketKey(b), b]));
  for (const key of new Set([...stored.keys(), ...sums.keys()])) {
    const b = stored.get(key);
    const s = sums.get(key) ?? { minutes: 0, granted: 0, cents: 0 };
    diff(`${key} balanceMinutes`, b?.balanceMinutes ?? 0, s.minutes);
    diff(`${key} grantedMinutes`, b?.grantedMinutes ?? 0, s.granted);
    if (key.startsWith('consuntivo:')) diff(`${key} amountCents`, b?.amountCents ?? 0, s.cents);
    else if (b && (b.balanceMinutes < 0 || b.balanceMinutes > b.grantedMinutes)) drift.push({ customerId, what: `${key} out of bounds 0..${b.grantedMinutes}`, stored: b.balanceMinutes, fromEntries: s.minutes });
  }
  const free = stored.get('free');
  if (free) diff('free packageCount', free.packageCount ?? 0, data.buckets.filter((b) => b.bucket === 'package').length);
  for (const t of data.settlements) {
    const own = data.entries.filter((e) => e.ticketId === t.ticketId);
    diff(`ticket ${t.ticketId} settledMinutes`, t.settledMinutes, -own.reduce((s, e) => s + e.minutes, 0));
    diff(`ticket ${t.ticketId} slices`, t.slices.reduce((s, x) => s + x.minutes, 0), t.settledMinutes);
    const perBucket = new Map<string, number>();
    for (const e of own) {
      const key = e.bucket === 'consuntivo' ? 'consuntivo' : bucketKey(e);
      perBucket.set(key, (perBucket.get(key) ?? 0) - e.minutes);
    }
    for (const c of chargesOf(t.slices)) {
      const key = c.bucket === 'consuntivo' ? 'consuntivo' : bucketKey(c);
      diff(`ticket ${t.ticketId} charged to ${key}`, c.minutes, perBucket.get(key) ?? 0);
      perBucket.delete(key);
    }
    for (const [key, minutes] of perBucket) diff(`ticket ${t.ticketId} charged to ${key}`, 0, minutes);
  }
  return drift;
}
