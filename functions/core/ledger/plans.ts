import { type BucketState, type LedgerEntry, type PackageOrder, type LedgerTransaction, refOf, newEntryId, assert, isWhole } from './ledger';
import { isUsable } from './guards';
import { assertTransaction } from './assert';

/** The planners of the other movements: opening an account, grants, purchases, expiries (`ledger.ts` states the guarantees). */
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
