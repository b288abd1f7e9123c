import { amountCents } from '../billing/billing';
import { type BucketState, type LedgerTransaction, bucketKey, assert, isWhole } from './ledger';
import { guardHolds } from './guards';

/**
 * The pure check of a planned transaction against the buckets it read (TigerStyle: assert before the
 * write): whole numbers; one write per bucket; each write's delta is the sum of its entries (G1, G2,
 * G4); the state it expects satisfies its own guard; the state after stays in bounds (G3).
 */
export function assertTransaction(tx: LedgerTransaction, read: readonly BucketState[]): void {
  const byKey = new Map(read.map((b) => [bucketKey(b), b]));
  const written = new Set<string>();
  for (const e of tx.entries) {
    assert(isWhole(e.minutes) && e.minutes !== 0, `entry ${e.id} minutes must be a non-zero whole number`);
    assert(e.customerId === tx.customerId, `entry ${e.id} belongs to another account`);
    assert(e.reason === 'grant' || e.reason === 'purchase' || e.reason === 'give_back' ? e.minutes > 0 : e.minutes < 0, `entry ${e.id}: ${e.reason} with ${e.minutes}`);
    if (e.bucket === 'consuntivo') assert(isWhole(e.hourlyRateCents) && e.amountCents === amountCents(-e.minutes, e.hourlyRateCents), `entry ${e.id} amount`);
  }
  for (const w of tx.buckets) {
    const ref = w.op === 'create' ? w.state : w.ref;
    const key = bucketKey(ref);
    assert(!written.has(key), `bucket ${key} written twice`);
    written.add(key);
    const entries = tx.entries.filter((e) => bucketKey(e) === key);
    const sum = entries.reduce((s, e) => s + e.minutes, 0);
    const granted = entries.filter((e) => e.reason === 'grant' || e.reason === 'purchase').reduce((s, e) => s + e.minutes, 0);
    const cents = entries.reduce((s, e) => s + (e.amountCents ?? 0), 0);
    if (w.op === 'check') {
      assert(entries.length === 0, `bucket ${key} is only checked, yet has entries`);
      const state = byKey.get(key);
      assert(!state || guardHolds(w.guard, state), `bucket ${key}: the state read is outside its own check`);
      continue;
    }
    if (w.op === 'create') {
      assert(w.state.customerId === tx.customerId, `bucket ${key} belongs to another account`);
      assert(w.state.balanceMinutes === sum && w.state.grantedMinutes === granted, `new bucket ${key} does not equal its entries`);
      assert(w.state.bucket !== 'consuntivo' && w.state.balanceMinutes >= 0 && w.state.balanceMinutes <= w.state.grantedMinutes, `new bucket ${key} out of bounds`);
      continue;
    }
    assert(w.deltaMinutes === sum && w.grantedDeltaMinutes === granted && w.amountCentsDelta === cents, `bucket ${key} write does not equal its entries`);
    if (ref.bucket === 'consuntivo') {
      assert(w.guard === undefined, 'consuntivo buckets have no guard');
      continue;
    }
    assert(w.guard !== undefined, `bucket ${key} write has no guard`);
    const state = byKey.get(key);
    if (!state) continue;
    assert(guardHolds(w.guard, state), `bucket ${key}: the balance read (${state.balanceMinutes}) is outside its own guard`);
    // Every balance the guard admits stays in bounds after the write.
    const lo = (w.guard.minBalance ?? 0) + w.deltaMinutes;
    assert(lo >= 0, `bucket ${key} could go below zero (${lo})`);
    // A credit that is not itself a grant must be guarded to stay within what was granted.
    const g = w.guard.grantedMinutes;
    if (w.deltaMinutes > w.grantedDeltaMinutes) {
      assert(g !== undefined && w.guard.maxBalance !== undefined && w.guard.maxBalance + w.deltaMinutes <= g + w.grantedDeltaMinutes, `bucket ${key} could exceed what was granted`);
    }
  }
  for (const e of tx.entries) assert(written.has(bucketKey(e)), `entry ${e.id} has no bucket write`);
}
