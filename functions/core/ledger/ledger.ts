import { monotonicFactory } from 'ulid';
import type { BucketKind, EntryReason } from '#contracts/vocabulary';
import type { IdempotencyRecord } from '../idempotency';

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
 * How they hold: the pure planners (`settle-plan.ts`, `plans.ts`, drawing by the rules of `guards.ts`) build a `LedgerTransaction` (bucket writes with their guards,
 * entries, once-only records) and assert G1–G5 on it (`assertTransaction`); the store commits it
 * atomically only if every guard holds at commit time (DynamoDB: one TransactWriteItems whose condition
 * expressions are the guards; in memory, for tests: `test/support/ledger-memory.ts`). A guard is the window of balances for
 * which the plan is still exactly right — bounds, drains and thresholds alike (a debit that crosses a
 * threshold is guarded to the exact balance it read) — so concurrent settles that leave each other's
 * windows intact all commit, and the others read again and re-plan.
 * `reconcileAccount` (`reconcile.ts`) recomputes G1–G5 from the entries alone; `balanceOf` (`balance.ts`) is
 * what a customer sees. This file holds the model: buckets, entries, settlements and transactions.
 */
export type { BucketKind, EntryReason } from '#contracts/vocabulary';

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

export interface LedgerTransaction {
  customerId: string;
  buckets: BucketWrite[];
  entries: LedgerEntry[];
  /** The ticket's settlement after this commit; `expectedVersion` 0 means it must not exist yet. */
  settlement?: { next: TicketSettlement; expectedVersion: number };
  /** Once-only: must not exist yet (G6). */
  settleRecord?: SettleRecord;
  order?: PackageOrder;
  idempotency?: IdempotencyRecord;
}

export type CommitOutcome = 'committed' | 'conflict' | 'duplicate';

export const bucketKey = (ref: BucketRef): string =>
  ref.bucket === 'free' ? 'free' : ref.bucket === 'package' ? `package:${ref.packageId}` : `consuntivo:${ref.period}`;

export const refOf = (b: BucketRef): BucketRef =>
  b.bucket === 'free' ? { bucket: 'free' } : b.bucket === 'package' ? { bucket: 'package', packageId: b.packageId! } : { bucket: 'consuntivo', period: b.period! };

const nextUlid = monotonicFactory();
/** Entry ids sort in creation order, also within one millisecond (so one transaction's entries read in plan order). */
export const newEntryId = (at: Date): string => `e_${nextUlid(at.getTime())}`;

export class LedgerInvariantError extends Error {
  override name = 'LedgerInvariantError';
}
export const assert: (cond: unknown, message: string) => asserts cond = (cond, message) => {
  if (!cond) throw new LedgerInvariantError(message);
};
export const isWhole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
