import { monotonicFactory } from 'ulid';
import { amountCents, lowLimit } from '../billing/billing';
import { monthKey, romeMonthOf } from '../periods';
import type { BillingSettings } from '../billing/settings';

/**
 * The hours ledger: buckets (TigerBeetle's accounts) and immutable entries (its transfers).
 *
 * Per customer account there is one `free` bucket (the monte ore gratuito), one `package` bucket per
 * package bought, and one `consuntivo` bucket per calendar month (Europe/Rome) for the minutes with
 * nothing prepaid behind them. Every movement of minutes is an entry: signed whole minutes from the
 * bucket's point of view (+ credits it, − draws on it) and a reason: `grant`, `purchase`, `consume`,
 * `give_back`, `expire`. Entries are put once and never changed: a correction is a new entry.
 *
 * Guarantees, for every account, after every commit (E(k): the entries of bucket k; T(t): the entries
 * of ticket t; S(t): its settlement record):
 *
 *   G1 sum        ∀k: k.balanceMinutes = Σ_{e∈E(k)} e.minutes
 *   G2 granted    ∀k: k.grantedMinutes = Σ_{e∈E(k), e.reason∈{grant,purchase}} e.minutes
 *   G3 bounds     ∀k, k.bucket ≠ consuntivo: 0 ≤ k.balanceMinutes ≤ k.grantedMinutes
 *   G4 amount     ∀k, k.bucket = consuntivo: k.amountCents = Σ_{e∈E(k)} e.amountCents,
 *                 e.amountCents = amountCents(−e.minutes, e.hourlyRateCents)
 *   G5 ticket     ∀t: S(t).settledMinutes = Σ_{e∈T(t)} −e.minutes = Σ_{s∈S(t).slices} s.minutes, and
 *                 ∀k: Σ_{e∈T(t)∩E(k)} −e.minutes = Σ_{s∈S(t).slices, s.bucket=k} s.minutes ≥ 0
 *   G6 once       ∀(t, r): at most one commit applies revision r of ticket t; a replay returns its result
 *   G7 order      a settle takes from free, then packages by earliest expiry (expiresAt > now), then the
 *                 consuntivo of the current month; it gives back newest slice first, each to the bucket
 *                 it came from. Serializable: every committed history equals the serial one in commit
 *                 order, because a plan also guards what it skipped (the empty buckets before the one it
 *                 drew from) and, when it reaches the consuntivo, the number of packages bought (G9)
 *   G8 thresholds for a debit of m from a prepaid bucket that held b of g granted, with L = lowLimit(g):
 *                 exhausted ⇔ b > 0 ∧ b − m = 0;  low ⇔ b ≥ L ∧ b − m < L ∧ ¬exhausted — so each
 *                 crossing is reported by exactly one settle, with the minutes left after it
 *   G9 packages   free.packageCount = |{k : k.bucket = package}|
 *
 * How they hold: the pure planners below build a `LedgerTransaction` (bucket writes with their guards,
 * entries, once-only records) and assert G1–G5 on it (`assertTransaction`); the store commits it
 * atomically only if every guard holds at commit time (DynamoDB: one TransactWriteItems whose condition
 * expressions are the guards; in memory: `applyTransaction`). A guard is the window of balances for
 * which the plan is still exactly right — bounds, drains and thresholds alike (a debit that crosses a
 * threshold is guarded to the exact balance it read) — so concurrent settles that leave each other's
 * windows intact all commit, and the others read again and re-plan.
 * `reconcileAccount` recomputes G1–G5 from the entries alone.
 */
export type BucketKind = 'free' | 'package' | 'consuntivo';
/** The same union, under the name `tickets.ts` uses for a charge's bucket. */
export type Bucket = BucketKind;
export type EntryReason = 'grant' | 'purchase' | 'consume' | 'give_back' | 'expire';

/** Names one bucket of an account. */
export interface BucketRef {
  bucket: BucketKind;
  /** Package buckets: the package bought (`p_…`). */
  packageId?: string;
  /** Consuntivo buckets: the month, `YYYY-MM` in the installation's time zone. */
  period?: string;
}

export interface BucketState extends BucketRef {
  customerId: string;
  balanceMinutes: number;
  /** free: Σ grants; package: its size; consuntivo: 0. */
  grantedMinutes: number;
  /** Consuntivo only: Σ of its entries' amountCents (what the month's consuntivo costs, positive). */
  amountCents?: number;
  /** Free only: the packages ever bought (G9), so a settle can tell that none appeared meanwhile. */
  packageCount?: number;
  /**
   * Free only: the ledger's copy of the account's hourly rate, so a settle reads everything it needs in
   * one Query. Whatever changes the account's rate writes it here in the same transaction.
   */
  hourlyRateCents?: number;
  /** Package only. */
  catalogueId?: string;
  orderId?: string;
  priceCents?: number;
  orderedAt?: string;
  expiresAt?: string;
  /** Package only: still to be looked at by the expiry job (false once expired and not refilled). */
  expiryPending?: boolean;
}

export interface LedgerEntry {
  id: string;
  customerId: string;
  at: string;
  bucket: BucketKind;
  packageId?: string;
  period?: string;
  reason: EntryReason;
  /** Signed whole minutes: positive credits the bucket, negative draws on it. */
  minutes: number;
  ticketId?: string;
  revision?: number;
  orderId?: string;
  /** Purchase entries: the price of the package, for the next invoice. */
  priceCents?: number;
  /** Consuntivo entries: the account's rate when the minutes were taken. */
  hourlyRateCents?: number;
  /** Consuntivo entries: amountCents(−minutes, hourlyRateCents): positive owed, negative credited. */
  amountCents?: number;
  note?: string;
  by?: string;
}

/** What a ticket took from one bucket; a ticket's slices form a stack, newest last. */
export interface Slice {
  bucket: BucketKind;
  packageId?: string;
  /** Consuntivo slices: the rate they were taken at, so a give-back credits the same amount. */
  hourlyRateCents?: number;
  minutes: number;
}

/** docs/api.md's `charges` item. */
export interface Charge {
  bucket: BucketKind;
  packageId?: string;
  minutes: number;
}

/** The settlement of one ticket: its current revision and what it has taken, as a stack. */
export interface TicketSettlement {
  customerId: string;
  ticketId: string;
  revision: number;
  settledMinutes: number;
  slices: Slice[];
  /** 1 on the first settle; each commit expects the version it read. */
  version: number;
  updatedAt: string;
}

export type Threshold =
  /**
   * `grantedMinutes`: what the bucket had been granted when this settle drained it — the plan's own
   * figure, pinned by its guard, so a grant committed after it can neither change the notice's numbers
   * nor its id (absent only on records settled before it was kept).
   */
  | { kind: 'free_exhausted'; grantedMinutes?: number }
  | { kind: 'package_exhausted'; packageId: string; grantedMinutes?: number }
  | { kind: 'low_balance'; bucket: 'free' | 'package'; packageId?: string; minutesRemaining: number; grantedMinutes: number };

export interface SettleResult {
  customerId: string;
  ticketId: string;
  revision: number;
  settledMinutes: number;
  previousMinutes: number;
  /** The ticket's total, per bucket (docs/api.md `charges`). */
  charges: Charge[];
  /** The entries this revision wrote (none when the target did not change). */
  entries: LedgerEntry[];
  /** Thresholds this revision crossed (G8), so the workflow can tell the customer once. */
  thresholds: Threshold[];
  settledAt: string;
}

/** The permanent record of one applied (ticket, revision). */
export interface SettleRecord {
  customerId: string;
  ticketId: string;
  revision: number;
  targetMinutes: number;
  result: SettleResult;
}

/** A package bought: the line that goes on the next invoice. */
export interface PackageOrder {
  orderId: string;
  customerId: string;
  packageId: string;
  catalogueId: string;
  minutes: number;
  priceCents: number;
  hourlyPriceCents: number;
  orderedAt: string;
  expiresAt: string;
  by: string;
}

/**
 * Must hold on the stored bucket at commit: it exists, lo ≤ balanceMinutes ≤ hi, and (when set)
 * grantedMinutes is still what the plan read.
 */
export interface Guard {
  minBalance?: number;
  maxBalance?: number;
  grantedMinutes?: number;
  packageCount?: number;
}

export type BucketWrite =
  | { op: 'create'; state: BucketState }
  /** Writes nothing; the transaction commits only if the guard holds (a bucket the plan relied on). */
  | { op: 'check'; ref: BucketRef; guard: Guard }
  | {
      op: 'update';
      ref: BucketRef;
      deltaMinutes: number;
      grantedDeltaMinutes: number;
      amountCentsDelta: number;
      /** Free only: a package was bought. */
      packageCountDelta?: number;
      /** Absent only for consuntivo buckets, which are created on first use and have no bounds. */
      guard?: Guard;
      /** Packages: `pending` (re)lists it for the expiry job under `expiresAt`; `done` takes it off the list. */
      expiry?: { pending: true; expiresAt: string } | { pending: false };
    };

export interface IdempotencyWrite {
  scope: string;
  key: string;
  hash: string;
  response: { status: number; body: unknown };
}

export interface LedgerTransaction {
  customerId: string;
  buckets: BucketWrite[];
  entries: LedgerEntry[];
  /** The ticket's settlement after this commit; `expectedVersion` 0 means it must not exist yet. */
  settlement?: { next: TicketSettlement; expectedVersion: number };
  /** Once-only: must not exist yet (G6). */
  settleRecord?: SettleRecord;
  order?: PackageOrder;
  idempotency?: IdempotencyWrite;
}

export type CommitOutcome = 'committed' | 'conflict' | 'duplicate';

export const bucketKey = (ref: BucketRef): string =>
  ref.bucket === 'free' ? 'free' : ref.bucket === 'package' ? `package:${ref.packageId}` : `consuntivo:${ref.period}`;

const refOf = (b: BucketRef): BucketRef =>
  b.bucket === 'free' ? { bucket: 'free' } : b.bucket === 'package' ? { bucket: 'package', packageId: b.packageId! } : { bucket: 'consuntivo', period: b.period! };

const nextUlid = monotonicFactory();
/** Entry ids sort in creation order, also within one millisecond (so one transaction's entries read in plan order). */
export const newEntryId = (at: Date): string => `e_${nextUlid(at.getTime())}`;

export class LedgerInvariantError extends Error {
  override name = 'LedgerInvariantError';
}
const assert: (cond: unknown, message: string) => asserts cond = (cond, message) => {
  if (!cond) throw new LedgerInvariantError(message);
};
const isWhole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

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

const sameSlice = (a: Slice, b: Omit<Slice, 'minutes'>) =>
  a.bucket === b.bucket && a.packageId === b.packageId && a.hourlyRateCents === b.hourlyRateCents;

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

/** Opens an account's ledger: its free bucket, and the grant of its opening free minutes. */
export function planOpenAccount(input: { customerId: string; freeMinutes: number; hourlyRateCents: number; at: Date; by: string; note: string }): LedgerTransaction {
  const { customerId, freeMinutes, at } = input;
  assert(isWhole(freeMinutes) && freeMinutes >= 0, `free minutes must be a whole number ≥ 0, got ${freeMinutes}`);
  const tx: LedgerTransaction = {
    customerId,
    buckets: [{ op: 'create', state: { customerId, bucket: 'free', balanceMinutes: freeMinutes, grantedMinutes: freeMinutes, packageCount: 0, hourlyRateCents: input.hourlyRateCents } }],
    entries:
      freeMinutes > 0
        ? [{ id: newEntryId(at), customerId, at: at.toISOString(), bucket: 'free', reason: 'grant', minutes: freeMinutes, note: input.note, by: input.by }]
        : [],
  };
  assertTransaction(tx, []);
  return tx;
}

/** Tops up the free bank. */
export function planGrant(input: { customerId: string; minutes: number; note: string; at: Date; by: string }, buckets: readonly BucketState[]): LedgerTransaction {
  const { customerId, minutes, at } = input;
  assert(isWhole(minutes) && minutes > 0, `granted minutes must be a whole number > 0, got ${minutes}`);
  const entry: LedgerEntry = { id: newEntryId(at), customerId, at: at.toISOString(), bucket: 'free', reason: 'grant', minutes, note: input.note, by: input.by };
  const tx: LedgerTransaction = {
    customerId,
    buckets: [{ op: 'update', ref: { bucket: 'free' }, deltaMinutes: minutes, grantedDeltaMinutes: minutes, amountCentsDelta: 0, guard: {} }],
    entries: [entry],
  };
  assertTransaction(tx, buckets);
  return tx;
}

/** Buys a package: a new bucket holding its minutes, the purchase entry with its price, the order. */
export function planPurchase(order: PackageOrder): LedgerTransaction {
  const at = new Date(order.orderedAt);
  const { customerId, packageId } = order;
  assert(isWhole(order.minutes) && order.minutes > 0 && isWhole(order.priceCents) && order.priceCents >= 0, 'package minutes and price must be whole numbers');
  const tx: LedgerTransaction = {
    customerId,
    buckets: [
      {
        op: 'create',
        state: {
          customerId,
          bucket: 'package',
          packageId,
          balanceMinutes: order.minutes,
          grantedMinutes: order.minutes,
          catalogueId: order.catalogueId,
          orderId: order.orderId,
          priceCents: order.priceCents,
          orderedAt: order.orderedAt,
          expiresAt: order.expiresAt,
          expiryPending: true,
        },
      },
      { op: 'update', ref: { bucket: 'free' }, deltaMinutes: 0, grantedDeltaMinutes: 0, amountCentsDelta: 0, packageCountDelta: 1, guard: {} },
    ],
    entries: [
      {
        id: newEntryId(at),
        customerId,
        at: order.orderedAt,
        bucket: 'package',
        packageId,
        reason: 'purchase',
        minutes: order.minutes,
        orderId: order.orderId,
        priceCents: order.priceCents,
        by: order.by,
      },
    ],
    order,
  };
  assertTransaction(tx, []);
  return tx;
}

/**
 * Expires a package at `at`: an `expire` entry takes what is left (guarded to be exactly that), and the
 * package leaves the expiry job's list. Undefined when it has not expired yet.
 */
export function planExpire(pkg: BucketState, at: Date): LedgerTransaction | undefined {
  assert(pkg.bucket === 'package', 'only packages expire');
  if (isUsable(pkg, at)) return undefined;
  const left = pkg.balanceMinutes;
  const tx: LedgerTransaction = {
    customerId: pkg.customerId,
    buckets: [
      {
        op: 'update',
        ref: refOf(pkg),
        deltaMinutes: -left,
        grantedDeltaMinutes: 0,
        amountCentsDelta: 0,
        guard: { minBalance: left, maxBalance: left },
        expiry: { pending: false },
      },
    ],
    entries:
      left > 0
        ? [{ id: newEntryId(at), customerId: pkg.customerId, at: at.toISOString(), bucket: 'package', packageId: pkg.packageId!, reason: 'expire', minutes: -left, note: `scaduto il ${pkg.expiresAt!.slice(0, 10)}` }]
        : [],
  };
  assertTransaction(tx, [pkg]);
  return tx;
}

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

/** The state an account's ledger is kept in by the in-memory store (and replayed by reconcile). */
export interface AccountLedgerState {
  buckets: Map<string, BucketState>;
  entries: LedgerEntry[];
  settlements: Map<string, TicketSettlement>;
  settleRecords: Map<string, SettleRecord>;
  orders: Map<string, PackageOrder>;
}

export const emptyAccountLedger = (): AccountLedgerState => ({ buckets: new Map(), entries: [], settlements: new Map(), settleRecords: new Map(), orders: new Map() });

export const settleRecordKey = (ticketId: string, revision: number) => `${ticketId}#${revision}`;

/**
 * Applies a transaction to an account's state if every guard and once-only condition holds, as the
 * DynamoDB transaction does: all or nothing. Returns the outcome; the state is changed only on commit.
 */
export function applyTransaction(state: AccountLedgerState, tx: LedgerTransaction): CommitOutcome {
  if (tx.settleRecord && state.settleRecords.has(settleRecordKey(tx.settleRecord.ticketId, tx.settleRecord.revision))) return 'duplicate';
  if (tx.order && state.orders.has(tx.order.orderId)) return 'duplicate';
  if (tx.settlement) {
    const current = state.settlements.get(tx.settlement.next.ticketId);
    if ((current?.version ?? 0) !== tx.settlement.expectedVersion) return 'conflict';
  }
  for (const w of tx.buckets) {
    if (w.op === 'create') {
      if (state.buckets.has(bucketKey(w.state))) return 'conflict';
    } else if (w.guard && !guardHolds(w.guard, state.buckets.get(bucketKey(w.ref)))) {
      return 'conflict';
    }
  }
  if (tx.entries.some((e) => state.entries.some((x) => x.id === e.id))) return 'conflict';
  for (const w of tx.buckets) {
    if (w.op === 'check') continue;
    if (w.op === 'create') {
      state.buckets.set(bucketKey(w.state), { ...w.state });
      continue;
    }
    const key = bucketKey(w.ref);
    const current = state.buckets.get(key) ?? { customerId: tx.customerId, ...w.ref, balanceMinutes: 0, grantedMinutes: 0, amountCents: 0 };
    const next: BucketState = {
      ...current,
      balanceMinutes: current.balanceMinutes + w.deltaMinutes,
      grantedMinutes: current.grantedMinutes + w.grantedDeltaMinutes,
      ...(w.ref.bucket === 'consuntivo' ? { amountCents: (current.amountCents ?? 0) + w.amountCentsDelta } : {}),
      ...(w.packageCountDelta ? { packageCount: (current.packageCount ?? 0) + w.packageCountDelta } : {}),
      ...(w.expiry ? { expiryPending: w.expiry.pending } : {}),
    };
    state.buckets.set(key, next);
  }
  state.entries.push(...tx.entries.map((e) => ({ ...e })));
  if (tx.settlement) state.settlements.set(tx.settlement.next.ticketId, structuredClone(tx.settlement.next));
  if (tx.settleRecord) state.settleRecords.set(settleRecordKey(tx.settleRecord.ticketId, tx.settleRecord.revision), structuredClone(tx.settleRecord));
  if (tx.order) state.orders.set(tx.order.orderId, { ...tx.order });
  return 'committed';
}

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
