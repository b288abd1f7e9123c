import { amountCents } from '../billing/billing';
import { monthKey, romeMonthOf } from '../periods';
import type { BillingSettings } from '../billing/settings';
import { type BucketRef, type BucketState, type LedgerEntry, type Slice, type TicketSettlement, type Threshold, type SettleResult, type Guard, type BucketWrite, type LedgerTransaction, bucketKey, refOf, newEntryId, assert, isWhole } from './ledger';
import { drawOrder, debitGuard, thresholdsCrossed, chargesOf, sameSlice } from './guards';
import { assertTransaction } from './assert';

/** Settling a ticket's minutes (G5, G7, G8): the one planner that draws and gives back (`ledger.ts` states the guarantees). */
export interface SettleInput {
  customerId: string;
  ticketId: string;
  revision: number;
  targetMinutes: number;
  /** The account's rate now (for minutes that go to the consuntivo). */
  hourlyRateCents: number;
  at: Date;
  by?: string;
}

/**
 * Plans settling a ticket to `targetMinutes` (G5, G7, G8): takes the difference from the buckets in
 * draw order, or gives it back newest slice first. Pure: the caller commits `tx` and, if a guard no
 * longer holds, reads again and calls this again.
 */
export function planSettle(
  input: SettleInput,
  read: { buckets: readonly BucketState[]; settlement: TicketSettlement | undefined },
  settings: Pick<BillingSettings, 'lowBalancePercent' | 'lowBalanceMinutes'>,
): { tx: LedgerTransaction; result: SettleResult } {
  const { customerId, ticketId, revision, targetMinutes, at } = input;
  assert(isWhole(targetMinutes) && targetMinutes >= 0, `target minutes must be a whole number ≥ 0, got ${targetMinutes}`);
  assert(isWhole(revision) && revision >= 1, `revision must be a whole number ≥ 1, got ${revision}`);
  const before = read.settlement;
  assert(!before || revision > before.revision, `revision ${revision} is not after ${before?.revision}`);
  const iso = at.toISOString();
  const previousMinutes = before?.settledMinutes ?? 0;
  const slices: Slice[] = (before?.slices ?? []).map((s) => ({ ...s }));
  const byKey = new Map(read.buckets.map((b) => [bucketKey(b), b]));
  const period = monthKey(romeMonthOf(at));

  // One move per (bucket, rate): it becomes one entry; moves of one bucket become one bucket write.
  interface Move {
    ref: BucketRef;
    minutes: number;
    rate?: number;
  }
  const moves: Move[] = [];
  const move = (ref: BucketRef, minutes: number, rate?: number) => {
    const hit = moves.find((m) => bucketKey(m.ref) === bucketKey(ref) && m.rate === rate);
    if (hit) hit.minutes += minutes;
    else moves.push({ ref, minutes, ...(rate !== undefined ? { rate } : {}) });
  };
  const push = (slice: Slice) => {
    const top = slices.at(-1);
    if (top && sameSlice(top, slice)) top.minutes += slice.minutes;
    else slices.push(slice);
  };

  // Empty prepaid buckets the plan passed over: they must still be empty at commit (G7).
  const skipped: BucketState[] = [];
  let reachedConsuntivo = false;
  let delta = targetMinutes - previousMinutes;
  if (delta > 0) {
    for (const b of drawOrder(read.buckets, at)) {
      if (delta === 0) break;
      const take = Math.min(delta, b.balanceMinutes);
      if (take <= 0) {
        skipped.push(b);
        continue;
      }
      move(refOf(b), -take);
      push({ ...refOf(b), minutes: take } as Slice);
      delta -= take;
    }
    if (delta > 0) {
      reachedConsuntivo = true;
      move({ bucket: 'consuntivo', period }, -delta, input.hourlyRateCents);
      push({ bucket: 'consuntivo', hourlyRateCents: input.hourlyRateCents, minutes: delta });
    }
  } else if (delta < 0) {
    let give = -delta;
    while (give > 0) {
      const top = slices.at(-1);
      assert(top, `ticket ${ticketId} has no slice left to give back ${give} minutes`);
      const back = Math.min(give, top.minutes);
      if (top.bucket === 'consuntivo') move({ bucket: 'consuntivo', period }, back, top.hourlyRateCents);
      else move(refOf(top), back);
      top.minutes -= back;
      if (top.minutes === 0) slices.pop();
      give -= back;
    }
  }

  const entries: LedgerEntry[] = moves.map((m) => ({
    id: newEntryId(at),
    customerId,
    at: iso,
    ...m.ref,
    reason: m.minutes < 0 ? 'consume' : 'give_back',
    minutes: m.minutes,
    ticketId,
    revision,
    ...(m.ref.bucket === 'consuntivo' ? { hourlyRateCents: m.rate!, amountCents: amountCents(-m.minutes, m.rate!) } : {}),
    ...(input.by ? { by: input.by } : {}),
  }));

  const writes: BucketWrite[] = [];
  const thresholds: Threshold[] = [];
  for (const key of new Set(moves.map((m) => bucketKey(m.ref)))) {
    const ofBucket = moves.filter((m) => bucketKey(m.ref) === key);
    const ref = ofBucket[0]!.ref;
    const minutes = ofBucket.reduce((s, m) => s + m.minutes, 0);
    const cents = entries.filter((e) => bucketKey(e) === key).reduce((s, e) => s + (e.amountCents ?? 0), 0);
    if (ref.bucket === 'consuntivo') {
      writes.push({ op: 'update', ref, deltaMinutes: minutes, grantedDeltaMinutes: 0, amountCentsDelta: cents });
      continue;
    }
    const state = byKey.get(key);
    assert(state, `bucket ${key} of ${customerId} was not read`);
    const g = state.grantedMinutes;
    if (minutes < 0) {
      const crossed = thresholdsCrossed(ref, state.balanceMinutes, -minutes, g, settings);
      // A crossing reports the minutes left, so it holds only on exactly the balance read.
      const guard = crossed.length ? { minBalance: state.balanceMinutes, maxBalance: state.balanceMinutes, grantedMinutes: g } : debitGuard(state.balanceMinutes, -minutes, g, settings);
      writes.push({ op: 'update', ref, deltaMinutes: minutes, grantedDeltaMinutes: 0, amountCentsDelta: 0, guard });
      thresholds.push(...crossed);
    } else {
      // A give-back never lifts a bucket above what was granted to it (G3); an expired package gets
      // its minutes back and is listed again for the expiry job, which takes them.
      writes.push({
        op: 'update',
        ref,
        deltaMinutes: minutes,
        grantedDeltaMinutes: 0,
        amountCentsDelta: 0,
        guard: { maxBalance: g - minutes, grantedMinutes: g },
        ...(ref.bucket === 'package' ? { expiry: { pending: true as const, expiresAt: state.expiresAt! } } : {}),
      });
    }
  }

  for (const b of skipped) writes.push({ op: 'check', ref: refOf(b), guard: { minBalance: 0, maxBalance: 0 } });
  if (reachedConsuntivo) {
    // No package may have been bought meanwhile: it would have come before the consuntivo.
    const free = read.buckets.find((b) => b.bucket === 'free');
    const w = writes.find((x) => x.op !== 'create' && x.ref.bucket === 'free') as Extract<BucketWrite, { guard?: Guard }> | undefined;
    if (w?.guard) w.guard = { ...w.guard, packageCount: free?.packageCount ?? 0 };
    else writes.push({ op: 'check', ref: { bucket: 'free' }, guard: { packageCount: free?.packageCount ?? 0 } });
  }

  const settledMinutes = slices.reduce((s, x) => s + x.minutes, 0);
  assert(settledMinutes === targetMinutes, `slices sum to ${settledMinutes}, not ${targetMinutes}`);
  const result: SettleResult = {
    customerId,
    ticketId,
    revision,
    settledMinutes,
    previousMinutes,
    charges: chargesOf(slices),
    entries,
    thresholds,
    settledAt: iso,
  };
  const tx: LedgerTransaction = {
    customerId,
    buckets: writes,
    entries,
    settlement: {
      next: { customerId, ticketId, revision, settledMinutes, slices, version: (before?.version ?? 0) + 1, updatedAt: iso },
      expectedVersion: before?.version ?? 0,
    },
    settleRecord: { customerId, ticketId, revision, targetMinutes, result },
  };
  assertTransaction(tx, read.buckets);
  return { tx, result };
}
