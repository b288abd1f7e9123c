import { newCustomer, type Customer, type NewCustomerInput } from '../accounts/accounts';
import { accountScope, type Caller } from '../accounts/caller';
import { conflict, invalid, notFound, TransientError } from '../errors';
import { forecastHours, forecastSeed, historyWindow, type Forecast } from './forecast';
import { ulid } from 'ulid';
import type { IdempotentResponse } from '../idempotency';
import { newId } from '../ids';
import { type CommitOutcome, type LedgerEntry, type LedgerTransaction, type PackageOrder, type SettleResult } from '../ledger/ledger';
import { planSettle } from '../ledger/settle-plan';
import { planOpenAccount, planExpire, planGrant, planPurchase } from '../ledger/plans';
import { balanceOf, type Balance } from '../ledger/balance';
import { catalogueView, effectiveCatalogue, recommendPackage, validateCatalogue, type CatalogueItem, type CatalogueView } from '../catalogue/packages';
import { addMonths, romeMonthOf, romeMonthStart } from '../periods';
import type { AccountStore, CatalogueStore, EntryPage, LedgerStore, TicketStore } from '../ports';
import type { BillingSettings } from '../billing/settings';

/**
 * The use cases of the hours ledger, each written as its primary course: read, plan (pure, in
 * `ledger.ts`), commit; when the commit reports a conflict (a guard no longer holds, or a concurrent
 * transaction got in the way) read again and plan again after a jittered pause.
 */
export interface LedgerDeps {
  ledger: LedgerStore;
  accounts: Pick<AccountStore, 'getCustomer'>;
  settings: () => Promise<BillingSettings>;
  now: () => Date;
  /** Waits between attempts (tests of the in-memory store pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Attempts and "full jitter" backoff: attempt i waits a random time in [0, min(cap, base·2^i)) ms: 7.6 s
 * of waiting in all on average, 15 s at most, inside a workflow step's 30 s. A hot account that still conflicts after that is
 * contention, not a fault: the error is a `TransientError`, so the state machine's Retry runs the step
 * again later (spread out by its own backoff) instead of flagging the ticket for a person.
 */
export const RETRY = { attempts: 80, baseMs: 5, capMs: 200 } as const;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function untilCommitted<T>(deps: Pick<LedgerDeps, 'sleep' | 'random'>, what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  for (let i = 0; i < RETRY.attempts; i++) {
    const done = await attempt();
    if (done !== undefined) return done;
    await sleep(random() * Math.min(RETRY.capMs, RETRY.baseMs * 2 ** i));
  }
  throw new TransientError(`${what}: still conflicting after ${RETRY.attempts} attempts`);
}

const whole = (path: string, n: number, min: number) => {
  if (!Number.isSafeInteger(n) || n < min) throw invalid(`${path} must be a whole number ≥ ${min}`, [{ path, message: `must be a whole number ≥ ${min}` }]);
};

/**
 * The account an hours read is about: a customer's own (naming another is a 400), or for finance and
 * admin the one they name with `?customerId=`, which they must.
 */
export function hoursAccount(caller: Caller, requested: string | undefined): string {
  const customerId = accountScope(caller, requested);
  if (!customerId) throw invalid('customerId is required for staff', [{ path: 'query.customerId', message: 'is required' }]);
  return customerId;
}

async function customerOrThrow(deps: Pick<LedgerDeps, 'accounts'>, customerId: string): Promise<Customer> {
  const customer = await deps.accounts.getCustomer(customerId);
  if (!customer) throw notFound(`customer ${customerId}`);
  return customer;
}

export interface SettleTicketInput {
  customerId: string;
  ticketId: string;
  /** The ticket's billable minutes now (0 when it is, or became, included). */
  targetMinutes: number;
  /** Grows each time the ticket's billable minutes may change; (ticketId, revision) is the idempotency key. */
  revision: number;
  by?: string;
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
    const hourlyRateCents = free.hourlyRateCents ?? (await customerOrThrow(deps, input.customerId)).hourlyRateCents;
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

/** The idempotency key of a request and the hash of its body (`core/idempotency.ts`). */
export interface IdempotencyInput {
  key: string;
  hash: string;
}

/**
 * Commits a transaction that carries its own idempotency record: the first response, or, when a twin
 * with the same key committed first, that one's response.
 */
async function commitOnce(deps: LedgerDeps, what: string, scope: string, tx: LedgerTransaction, response: IdempotentResponse, idempotency: IdempotencyInput | undefined): Promise<IdempotentResponse> {
  const withKey: LedgerTransaction = idempotency ? { ...tx, idempotency: { scope, key: idempotency.key, hash: idempotency.hash, response } } : tx;
  return untilCommitted(deps, what, async () => {
    const now = deps.now();
    const outcome: CommitOutcome = await deps.ledger.commit(withKey, now);
    if (outcome === 'committed') return response;
    if (outcome === 'duplicate' && idempotency) return deps.ledger.replay(scope, idempotency.key, idempotency.hash, now);
    return undefined;
  });
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
export async function expirePackages(deps: Pick<LedgerDeps, 'ledger' | 'now' | 'sleep' | 'random'>, only?: { customerId: string }): Promise<{ packages: number; minutes: number }> {
  const now = deps.now();
  let packages = 0;
  let minutes = 0;
  // One account (support, tests) is read from its buckets; the daily job reads the expiry list of all.
  const due = only
    ? (await deps.ledger.buckets(only.customerId)).filter((b) => b.bucket === 'package' && b.expiryPending && Date.parse(b.expiresAt!) <= now.getTime()).map((b) => ({ customerId: b.customerId, packageId: b.packageId! }))
    : await deps.ledger.packagesToExpire(now);
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

/** The balance of an account now (docs/api.md `balance`). */
export async function readBalance(deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'>, customerId: string): Promise<Balance> {
  const [customer, buckets] = await Promise.all([customerOrThrow(deps, customerId), deps.ledger.buckets(customerId)]);
  return balanceOf(buckets, customer.hourlyRateCents, deps.now());
}

/** A page of an account's ledger, newest first; `from`/`to` bound `at` (from inclusive, to exclusive). */
export async function listLedger(
  deps: Pick<LedgerDeps, 'ledger' | 'accounts'> & { tickets?: Pick<TicketStore, 'numbers'> },
  customerId: string,
  query: { from?: string; to?: string; limit: number; cursor?: string },
): Promise<EntryPage> {
  if (query.from && query.to && query.from >= query.to) throw invalid('from must be before to', [{ path: 'query.from', message: 'must be before to' }]);
  await customerOrThrow(deps, customerId);
  const page = await deps.ledger.entries(customerId, query);
  if (!deps.tickets) return page;
  // Each movement names its ticket by number, so the portal links it as the customer knows it; a ticket of
  // another account never lends its number (entries only ever name their own account's tickets anyway).
  const numbers = await deps.tickets.numbers(page.items.flatMap((e) => (e.ticketId ? [e.ticketId] : [])));
  return {
    ...page,
    items: page.items.map((e) => {
      const found = e.ticketId ? numbers.get(e.ticketId) : undefined;
      return found && found.customerId === customerId ? { ...e, ticketNumber: found.number } : e;
    }),
  };
}

async function allEntries(ledger: LedgerStore, customerId: string, from: string, to: string): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.entries(customerId, { from, to, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * The account's average monthly billable minutes over its last three closed Europe/Rome months (the
 * months it existed in), rounded up, and how many months that is; undefined without history.
 */
export async function averageMonthlyBillableMinutes(deps: Pick<LedgerDeps, 'ledger' | 'now'>, customer: Customer): Promise<{ minutes: number; months: number } | undefined> {
  const current = romeMonthOf(deps.now());
  const from = romeMonthStart(addMonths(current, -3));
  const to = romeMonthStart(current);
  const months = [-3, -2, -1].filter((n) => romeMonthStart(addMonths(current, n + 1)).toISOString() > customer.createdAt).length;
  if (months === 0) return undefined;
  const entries = await allEntries(deps.ledger, customer.id, from.toISOString(), to.toISOString());
  const billable = entries.filter((e) => e.ticketId !== undefined).reduce((s, e) => s - e.minutes, 0);
  return billable > 0 ? { minutes: Math.ceil(billable / months), months } : undefined;
}

/** Why a package is recommended: the average it covers about three months of, over how many months. */
export interface PackageRecommendation {
  packageId: string;
  averageMonthlyMinutes: number;
  months: number;
}

/**
 * `GET /packages`: the catalogue on sale, and for an account the package that fits its consumption
 * (`recommended`, its id; `recommendation`, the same with the average behind it).
 */
export async function listPackages(
  deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'> & { catalogue: CatalogueStore },
  customerId: string | undefined,
): Promise<{ items: CatalogueView[]; recommended?: string; recommendation?: PackageRecommendation }> {
  const catalogue = effectiveCatalogue(await deps.catalogue.stored());
  const items = catalogue.filter((i) => i.active).map(catalogueView);
  if (!customerId) return { items };
  const average = await averageMonthlyBillableMinutes(deps, await customerOrThrow(deps, customerId));
  const recommended = average === undefined ? undefined : recommendPackage(catalogue, average.minutes);
  if (!recommended || !average) return { items };
  return { items, recommended, recommendation: { packageId: recommended, averageMonthlyMinutes: average.minutes, months: average.months } };
}

/**
 * `GET /forecast`: when the account's prepaid hours run out, from its billable use of the last weeks
 * (`core/forecast.ts`). The seed is the account and the current ISO week, so the answer is stable for a
 * week given the same ledger.
 */
export async function readForecast(deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'>, customerId: string): Promise<Forecast> {
  const now = deps.now();
  const window = historyWindow(now);
  const [customer, buckets, entries] = await Promise.all([
    customerOrThrow(deps, customerId),
    deps.ledger.buckets(customerId),
    allEntries(deps.ledger, customerId, window.from.toISOString(), window.to.toISOString()),
  ]);
  const balance = balanceOf(buckets, customer.hourlyRateCents, now);
  return forecastHours({
    now,
    accountOpenedAt: customer.createdAt,
    entries,
    freeMinutes: balance.freeMinutesRemaining,
    packages: balance.packages,
    seed: forecastSeed(customerId, now),
  });
}

/** The whole catalogue as finance sees it: withdrawn packages too. */
export async function listCatalogue(deps: { catalogue: CatalogueStore }): Promise<(CatalogueItem & CatalogueView)[]> {
  return effectiveCatalogue(await deps.catalogue.stored()).map((i) => ({ ...i, ...catalogueView(i) }));
}

/** Finance edits one catalogue item (new id: a new package); the whole catalogue must still follow the rules. */
export async function putCatalogueItem(deps: { catalogue: CatalogueStore; settings: () => Promise<BillingSettings> }, item: CatalogueItem): Promise<CatalogueItem & CatalogueView> {
  whole('minutes', item.minutes, 1);
  whole('priceCents', item.priceCents, 0);
  const [settings, stored] = await Promise.all([deps.settings(), deps.catalogue.stored()]);
  const next = effectiveCatalogue([...stored.filter((i) => i.id !== item.id), item]);
  validateCatalogue(next, settings, item.id);
  await deps.catalogue.put(item);
  return { ...item, ...catalogueView(item) };
}
