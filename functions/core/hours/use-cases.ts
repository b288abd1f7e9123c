import { newCustomer, type Customer, type NewCustomerInput } from '../accounts/accounts';
import { conflict, invalid, notFound } from '../errors';
import { ulid } from 'ulid';
import type { IdempotencyInput, IdempotentResponse } from '../idempotency';
import { newId } from '../ids';
import type { PackageOrder, SettleResult } from '../ledger/ledger';
import { planSettle } from '../ledger/settle-plan';
import { planOpenAccount, planExpire, planGrant, planPurchase } from '../ledger/plans';
import { catalogueView, effectiveCatalogue } from '../catalogue/packages';
import type { AccountStore, CatalogueStore } from '../ports';
import type { BillingSettings } from '../billing/settings';
import { type LedgerDeps, untilCommitted, whole, customerOrThrow, commitOnce } from './commit';

/** The hours use cases: each reads, plans (pure, `core/ledger/`), and commits through `commit.ts`. */
export interface SettleTicketInput {
  customerId: string;
  ticketId: string;
  /** The ticket's billable minutes now (0 when it is, or became, included). */
  targetMinutes: number;
  /** Grows each time the ticket's billable minutes may change; (ticketId, revision) is the idempotency key. */
  revision: number;
  by?: string;
  /** The rate the customer consented to consuntivo at, if any: the ticket is never charged more (`core/ledger/hourly-rate.ts`). */
  rateCapCents?: number;
}

/** `created`: this call applied the revision; `exists`: it had been applied, and this is its first result. */
export interface SettleOutcome {
  status: 'created' | 'exists';
  result: SettleResult;
}

/**
 * Settles a ticket to `targetMinutes` billable minutes (the workflow's step). Idempotent by
 * (ticketId, revision) for good: the same pair returns the first result; the same pair with another
 * target is a conflict (TigerBeetle's `exists_with_different_*`), and so is a revision older than the
 * one applied.
 */
export async function settleTicket(deps: LedgerDeps, input: SettleTicketInput): Promise<SettleOutcome> {
  whole('targetMinutes', input.targetMinutes, 0);
  whole('revision', input.revision, 1);
  if (!input.ticketId) throw invalid('ticketId is required', [{ path: 'ticketId', message: 'is required' }]);
  const settings = await deps.settings();
  let attempt = 0;
  return untilCommitted(deps, `settle ${input.ticketId}@${input.revision}`, async () => {
    // Revision 1 is a ticket's first settle: the first attempt plans it without reading the settlement,
    // which can only exist if revision 1 was applied (the commit then reports `duplicate`) or skipped
    // (a conflict on the settlement's guard); either way the next attempt reads it.
    const optimistic = attempt++ === 0 && input.revision === 1;
    const [settlement, buckets] = await Promise.all([
      optimistic ? undefined : deps.ledger.settlement(input.customerId, input.ticketId),
      deps.ledger.buckets(input.customerId),
    ]);
    if (settlement && input.revision <= settlement.revision) {
      // The settlement and its revision records are written together, so an applied revision has its record.
      const record = await deps.ledger.settleRecord(input.customerId, input.ticketId, input.revision);
      if (!record) throw conflict(`ticket ${input.ticketId} is settled at revision ${settlement.revision}; revision ${input.revision} is older`);
      if (record.targetMinutes !== input.targetMinutes) {
        throw conflict(`revision ${input.revision} of ticket ${input.ticketId} was settled to ${record.targetMinutes} minutes, not ${input.targetMinutes}`);
      }
      return { status: 'exists' as const, result: record.result };
    }
    // The account's ledger opens with the account, so no free bucket means no account.
    const free = buckets.find((b) => b.bucket === 'free');
    if (!free) throw notFound(`customer ${input.customerId}`);
    const rate = free.hourlyRateCents ?? (await customerOrThrow(deps, input.customerId)).hourlyRateCents;
    const hourlyRateCents = input.rateCapCents === undefined ? rate : Math.min(rate, input.rateCapCents);
    const at = deps.now();
    const { tx, result } = planSettle({ ...input, hourlyRateCents, at }, { buckets, settlement }, settings);
    const outcome = await deps.ledger.commit(tx, at);
    // `duplicate`: a twin call committed this revision meanwhile; the next read finds its record.
    return outcome === 'committed' ? { status: 'created' as const, result } : undefined;
  });
}

/**
 * Creates a customer account with its ledger opened: the free bucket and the grant of its free bank
 * (the installation's default unless given), in the same transaction as the account.
 */
export async function createCustomerAccount(
  deps: { accounts: Pick<AccountStore, 'createCustomer'>; settings: () => Promise<BillingSettings>; now: () => Date },
  input: NewCustomerInput,
  by: string,
  id?: string,
): Promise<Customer> {
  const settings = await deps.settings();
  const now = deps.now();
  const customer = newCustomer(
    { ...input, freeMinutes: input.freeMinutes ?? settings.freeMinutesOnCreate, hourlyRateCents: input.hourlyRateCents ?? settings.standardHourlyRateCents },
    id ?? newId('c', now.getTime()),
    now,
  );
  const opening = planOpenAccount({ customerId: customer.id, freeMinutes: customer.freeMinutesGranted, hourlyRateCents: customer.hourlyRateCents, at: now, by, note: 'monte ore gratuito iniziale' });
  await deps.accounts.createCustomer(customer, opening);
  return customer;
}

/** Tops up an account's free bank (admin). → 201 with the ledger entry. */
export async function grantFreeMinutes(
  deps: LedgerDeps,
  input: { customerId: string; minutes: number; note: string; by: string; idempotency?: IdempotencyInput },
): Promise<IdempotentResponse> {
  whole('minutes', input.minutes, 1);
  const scope = `grant:${input.customerId}`;
  if (input.idempotency) {
    const first = await deps.ledger.replay(scope, input.idempotency.key, input.idempotency.hash, deps.now());
    if (first) return first;
  }
  await customerOrThrow(deps, input.customerId);
  const buckets = await deps.ledger.buckets(input.customerId);
  if (!buckets.some((b) => b.bucket === 'free')) throw new Error(`account ${input.customerId} has no free bucket: its ledger was never opened`);
  const tx = planGrant({ ...input, at: deps.now() }, buckets);
  return commitOnce(deps, `grant to ${input.customerId}`, scope, tx, { status: 201, body: tx.entries[0] }, input.idempotency);
}

/** The package bought, as the order response shows it. */
export type OrderedPackage = { id: string } & Pick<PackageOrder, 'catalogueId' | 'minutes' | 'priceCents' | 'hourlyPriceCents' | 'orderedAt' | 'expiresAt'>;

/** `at` plus `months` calendar months (UTC day-of-month arithmetic, as `Date` does it). */
export function plusMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/**
 * A customer buys a package from the catalogue: the minutes are credited at once in a new package
 * bucket that expires after the validity period, and the order (with its price) waits for the next
 * invoice. With an Idempotency-Key, the record goes in the same transaction: a double click buys once.
 */
export async function orderPackage(
  deps: LedgerDeps & { catalogue: CatalogueStore },
  input: { customerId: string; catalogueId: string; by: string; idempotency?: IdempotencyInput },
): Promise<IdempotentResponse> {
  const scope = `order:${input.customerId}`;
  if (input.idempotency) {
    const first = await deps.ledger.replay(scope, input.idempotency.key, input.idempotency.hash, deps.now());
    if (first) return first;
  }
  const [settings, stored] = await Promise.all([deps.settings(), deps.catalogue.stored(), customerOrThrow(deps, input.customerId)]);
  const item = effectiveCatalogue(stored).find((i) => i.id === input.catalogueId && i.active);
  if (!item) throw invalid(`package ${input.catalogueId} is not on sale`, [{ path: 'packageId', message: 'is not a package on sale' }]);
  const at = deps.now();
  const id = ulid(at.getTime());
  const view = catalogueView(item);
  const order: PackageOrder = {
    orderId: `o_${id}`,
    customerId: input.customerId,
    packageId: `p_${id}`,
    catalogueId: item.id,
    minutes: item.minutes,
    priceCents: item.priceCents,
    hourlyPriceCents: view.hourlyPriceCents,
    orderedAt: at.toISOString(),
    expiresAt: plusMonths(at, settings.packageValidityMonths).toISOString(),
    by: input.by,
  };
  const tx = planPurchase(order);
  const pkg: OrderedPackage = {
    id: order.packageId,
    catalogueId: order.catalogueId,
    minutes: order.minutes,
    priceCents: order.priceCents,
    hourlyPriceCents: order.hourlyPriceCents,
    orderedAt: order.orderedAt,
    expiresAt: order.expiresAt,
  };
  const response = { status: 201, body: { orderId: order.orderId, package: pkg, ledgerEntry: tx.entries[0] } };
  return commitOnce(deps, `order for ${input.customerId}`, scope, tx, response, input.idempotency);
}

/**
 * The daily expiry: every package past its expiry that still has minutes gets an `expire` entry for
 * them, and leaves the job's list. Idempotent: a second run (or a concurrent one) finds nothing to do,
 * because each expiry is guarded to take exactly the balance it read.
 */
export async function expirePackages(deps: Pick<LedgerDeps, 'ledger' | 'now' | 'sleep' | 'random'>): Promise<{ packages: number; minutes: number }> {
  const now = deps.now();
  let packages = 0;
  let minutes = 0;
  const due = await deps.ledger.packagesToExpire(now);
  for (const one of due) {
    const expired = await untilCommitted(deps, `expire ${one.packageId}`, async () => {
      const pkg = (await deps.ledger.buckets(one.customerId)).find((b) => b.bucket === 'package' && b.packageId === one.packageId);
      const tx = pkg?.expiryPending ? planExpire(pkg, now) : undefined;
      if (!tx) return 0;
      return (await deps.ledger.commit(tx, now)) === 'committed' ? -(tx.entries[0]?.minutes ?? 0) : undefined;
    });
    if (expired > 0) packages++;
    minutes += expired;
  }
  return { packages, minutes };
}
