/**
 * The ledger simulation shared by the unit tier (in-memory store) and the integration tier (DynamoDB
 * Local): random sequences of commands run against the system (the real use cases on a store) and
 * against `LedgerModel`, a deliberately naive re-statement of docs/product.md's rules. After every step the
 * system's stored data must reconcile (G1–G5, no negative prepaid bucket), agree with the model bucket
 * by bucket and ticket by ticket, and a replay must change nothing.
 */
import * as fc from 'fast-check';
import { expect } from 'vitest';
import type { Customer } from '../../functions/core/accounts/accounts';
import { amountCents, lowLimit } from '../../functions/core/billing/billing';
import { DomainError } from '../../functions/core/errors';
import { type LedgerDeps } from '../../functions/core/hours/commit';
import { createCustomerAccount, expirePackages, grantFreeMinutes, orderPackage, plusMonths, settleTicket } from '../../functions/core/hours/use-cases';
import { readBalance } from '../../functions/core/hours/reads';
import { IDEMPOTENCY_TTL_DAYS, requestHash } from '../../functions/core/idempotency';
import { bucketKey, type Charge, type CommitOutcome, type LedgerEntry, type LedgerTransaction, type Threshold } from '../../functions/core/ledger/ledger';
import { chargesOf } from '../../functions/core/ledger/guards';
import { applyTransaction, emptyAccountLedger, type AccountLedgerState } from './ledger-memory';
import { reconcileAccount } from '../../functions/core/ledger/reconcile';
import { DEFAULT_CATALOGUE, type CatalogueItem } from '../../functions/core/catalogue/packages';
import { monthKey, romeMonthOf } from '../../functions/core/periods';
import type { AccountStore, CatalogueStore, EntryPage, LedgerAudit, LedgerSnapshot, LedgerStore } from '../../functions/core/ports';
import { DEFAULT_SETTINGS, type BillingSettings } from '../../functions/core/billing/settings';

const clone = <T>(v: T): T => structuredClone(v);
/** Lets other promises run between a read and a commit, so concurrent calls interleave. */
const yieldTurn = () => new Promise<void>((r) => setImmediate(r));

/** The ledger port in memory: every commit goes through the same `applyTransaction` the guards define. */
export class InMemoryLedgerStore implements LedgerStore, LedgerAudit {
  readonly state = new Map<string, AccountLedgerState>();
  /** Idempotency keys, kept like `IdempotencyRecords` keeps them: until `expiresAtEpoch` has passed. */
  readonly keys = new Map<string, { hash: string; response: { status: number; body: unknown }; expiresAtEpoch: number }>();
  /** Every committed transaction, in commit order (what a serial history must reproduce). */
  readonly committed: LedgerTransaction[] = [];
  conflicts = 0;

  constructor(private readonly interleave = false) {}

  private of(customerId: string): AccountLedgerState {
    let s = this.state.get(customerId);
    if (!s) this.state.set(customerId, (s = emptyAccountLedger()));
    return s;
  }

  private async turn() {
    if (this.interleave) await yieldTurn();
  }

  async buckets(customerId: string) {
    await this.turn();
    return clone([...this.of(customerId).buckets.values()]);
  }

  async settlement(customerId: string, ticketId: string) {
    await this.turn();
    return clone(this.of(customerId).settlements.get(ticketId));
  }

  async settleRecord(customerId: string, ticketId: string, revision: number) {
    return clone(this.of(customerId).settleRecords.get(`${ticketId}#${revision}`));
  }

  async commit(tx: LedgerTransaction, now: Date): Promise<CommitOutcome> {
    await this.turn();
    const nowEpoch = Math.floor(now.getTime() / 1000);
    const idem = tx.idempotency ? `${tx.idempotency.scope}#${tx.idempotency.key}` : undefined;
    if (idem && (this.keys.get(idem)?.expiresAtEpoch ?? -1) >= nowEpoch) return 'duplicate';
    const outcome = applyTransaction(this.of(tx.customerId), clone(tx));
    if (outcome === 'committed') {
      this.committed.push(clone(tx));
      if (idem) this.keys.set(idem, { hash: tx.idempotency!.hash, response: clone(tx.idempotency!.response), expiresAtEpoch: nowEpoch + IDEMPOTENCY_TTL_DAYS * 86_400 });
    } else if (outcome === 'conflict') this.conflicts++;
    return outcome;
  }

  async entries(customerId: string, query: { from?: string; to?: string; limit: number; cursor?: string }): Promise<EntryPage> {
    const sk = (e: LedgerEntry) => `${e.at}#${e.id}`;
    const all = this.of(customerId)
      .entries.filter((e) => (!query.from || e.at >= query.from) && (!query.to || e.at < query.to) && (!query.cursor || sk(e) < query.cursor))
      .sort((a, b) => sk(b).localeCompare(sk(a)));
    const items = all.slice(0, query.limit);
    return { items: clone(items), ...(all.length > query.limit ? { nextCursor: sk(items.at(-1)!) } : {}) };
  }

  async packagesToExpire(at: Date) {
    const out: { customerId: string; packageId: string }[] = [];
    for (const [customerId, s] of this.state) {
      for (const b of s.buckets.values()) if (b.bucket === 'package' && b.expiryPending && Date.parse(b.expiresAt!) <= at.getTime()) out.push({ customerId, packageId: b.packageId! });
    }
    return out;
  }

  async replay(scope: string, key: string, hash: string, now: Date) {
    const hit = this.keys.get(`${scope}#${key}`);
    if (!hit || hit.expiresAtEpoch < Math.floor(now.getTime() / 1000)) return undefined;
    if (hit.hash !== hash) throw new DomainError('conflict', 'this Idempotency-Key was already used with a different request body');
    return clone(hit.response);
  }

  async account(customerId: string): Promise<LedgerSnapshot> {
    const s = this.of(customerId);
    return clone({ customerId, buckets: [...s.buckets.values()], entries: s.entries, settlements: [...s.settlements.values()] });
  }

  async *accounts(): AsyncIterable<LedgerSnapshot> {
    for (const id of this.state.keys()) yield this.account(id);
  }
}

export class InMemoryAccounts implements Pick<AccountStore, 'getCustomer' | 'createCustomer'> {
  readonly customers = new Map<string, Customer>();
  constructor(private readonly ledger: InMemoryLedgerStore) {}
  async getCustomer(id: string) {
    return clone(this.customers.get(id));
  }
  async createCustomer(customer: Customer, opening: LedgerTransaction) {
    if (this.customers.has(customer.id)) throw new DomainError('conflict', 'exists');
    if ((await this.ledger.commit(opening, new Date(customer.createdAt))) !== 'committed') throw new Error('opening did not commit');
    this.customers.set(customer.id, clone(customer));
  }
}

export class InMemoryCatalogue implements CatalogueStore {
  readonly items = new Map<string, CatalogueItem>();
  async stored() {
    return [...this.items.values()];
  }
  async put(item: CatalogueItem) {
    this.items.set(item.id, { ...item });
  }
}

/** A system under test: the use cases' dependencies on some store, with a clock the test moves. */
export interface System {
  deps: LedgerDeps & { catalogue: CatalogueStore; accounts: Pick<AccountStore, 'getCustomer' | 'createCustomer'> };
  audit: LedgerAudit;
  clock: { now: Date };
}

export function inMemorySystem(options: { interleave?: boolean } = {}): System & { store: InMemoryLedgerStore } {
  const store = new InMemoryLedgerStore(options.interleave);
  const clock = { now: new Date('2031-01-15T10:00:00Z') };
  const deps = {
    ledger: store,
    accounts: new InMemoryAccounts(store),
    catalogue: new InMemoryCatalogue(),
    settings: async () => DEFAULT_SETTINGS,
    now: () => clock.now,
    sleep: options.interleave ? () => yieldTurn() : async () => {},
  };
  return { deps, audit: store, clock, store };
}

interface ModelPackage {
  id: string;
  minutes: number;
  balance: number;
  expiresAt: string;
  orderedAt: string;
  pending: boolean;
}
interface ModelSlice {
  key: string;
  bucket: 'free' | 'package' | 'consuntivo';
  packageId?: string;
  rate?: number;
  minutes: number;
}
interface ModelTicket {
  revision: number;
  settled: number;
  stack: ModelSlice[];
}

/**
 * The reference model: docs/product.md's rules, sequentially, sharing nothing with the system but the two
 * pure formulas of the billing policy (amountCents and lowLimit, which have their own table tests).
 */
export class LedgerModel {
  free: { balance: number; granted: number };
  packages: ModelPackage[] = [];
  consuntivo = new Map<string, { minutes: number; cents: number }>();
  tickets = new Map<string, ModelTicket>();
  records = new Map<string, { target: number; charges: Charge[]; thresholds: Threshold[] }>();
  /** Idempotency-Keys of orders and when they were first used (they are kept IDEMPOTENCY_TTL_DAYS). */
  orderKeys = new Map<string, { catalogueId: string; response: unknown; at: Date }>();

  orderKey(key: string, now: Date) {
    const hit = this.orderKeys.get(key);
    const expiresAtEpoch = hit ? Math.floor(hit.at.getTime() / 1000) + IDEMPOTENCY_TTL_DAYS * 86_400 : -1;
    return expiresAtEpoch >= Math.floor(now.getTime() / 1000) ? hit : undefined;
  }

  constructor(
    freeMinutes: number,
    readonly rate: number,
    readonly settings: BillingSettings,
  ) {
    this.free = { balance: freeMinutes, granted: freeMinutes };
  }

  grant(minutes: number) {
    this.free.balance += minutes;
    this.free.granted += minutes;
  }

  addPackage(id: string, item: CatalogueItem, at: Date) {
    this.packages.push({ id, minutes: item.minutes, balance: item.minutes, orderedAt: at.toISOString(), expiresAt: plusMonths(at, this.settings.packageValidityMonths).toISOString(), pending: true });
  }

  /** The outcome docs/product.md asks for, or 'conflict'. */
  settle(ticketId: string, revision: number, target: number, at: Date): { status: 'created' | 'exists'; charges: Charge[]; thresholds: Threshold[] } | 'conflict' {
    const t = this.tickets.get(ticketId) ?? { revision: 0, settled: 0, stack: [] };
    if (revision <= t.revision) {
      const rec = this.records.get(`${ticketId}#${revision}`);
      if (!rec || rec.target !== target) return 'conflict';
      return { status: 'exists', charges: rec.charges, thresholds: rec.thresholds };
    }
    const period = monthKey(romeMonthOf(at));
    const thresholds: Threshold[] = [];
    const push = (s: ModelSlice) => {
      const top = t.stack.at(-1);
      if (top && top.key === s.key && top.rate === s.rate) top.minutes += s.minutes;
      else t.stack.push(s);
    };
    let delta = target - t.settled;
    if (delta > 0) {
      const usable = this.packages
        .filter((p) => Date.parse(p.expiresAt) > at.getTime())
        .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.orderedAt.localeCompare(b.orderedAt) || a.id.localeCompare(b.id));
      const prepaid: { key: string; packageId?: string; holder: { balance: number }; granted: number }[] = [
        { key: 'free', holder: this.free, granted: this.free.granted },
        ...usable.map((p) => ({ key: `package:${p.id}`, packageId: p.id, holder: p, granted: p.minutes })),
      ];
      for (const b of prepaid) {
        const take = Math.min(delta, b.holder.balance);
        if (take <= 0) continue;
        const before = b.holder.balance;
        b.holder.balance -= take;
        delta -= take;
        push({ key: b.key, bucket: b.packageId ? 'package' : 'free', ...(b.packageId ? { packageId: b.packageId } : {}), minutes: take });
        const L = lowLimit(b.granted, this.settings);
        if (b.holder.balance === 0) thresholds.push(b.packageId ? { kind: 'package_exhausted', packageId: b.packageId, grantedMinutes: b.granted } : { kind: 'free_exhausted', grantedMinutes: b.granted });
        else if (before >= L && b.holder.balance < L) {
          thresholds.push({ kind: 'low_balance', bucket: b.packageId ? 'package' : 'free', ...(b.packageId ? { packageId: b.packageId } : {}), minutesRemaining: b.holder.balance, grantedMinutes: b.granted });
        }
      }
      if (delta > 0) {
        const c = this.consuntivo.get(period) ?? { minutes: 0, cents: 0 };
        c.minutes += delta;
        c.cents += amountCents(delta, this.rate);
        this.consuntivo.set(period, c);
        push({ key: 'consuntivo', bucket: 'consuntivo', rate: this.rate, minutes: delta });
      }
    } else if (delta < 0) {
      let give = -delta;
      const backByRate = new Map<number, number>();
      while (give > 0) {
        const top = t.stack.at(-1)!;
        const back = Math.min(give, top.minutes);
        if (top.bucket === 'free') this.free.balance += back;
        else if (top.bucket === 'package') {
          const p = this.packages.find((x) => x.id === top.packageId)!;
          p.balance += back;
          p.pending = true;
        } else backByRate.set(top.rate!, (backByRate.get(top.rate!) ?? 0) + back);
        top.minutes -= back;
        if (top.minutes === 0) t.stack.pop();
        give -= back;
      }
      for (const [rate, minutes] of backByRate) {
        const c = this.consuntivo.get(period) ?? { minutes: 0, cents: 0 };
        c.minutes -= minutes;
        c.cents -= amountCents(minutes, rate);
        this.consuntivo.set(period, c);
      }
    }
    t.revision = revision;
    t.settled = target;
    this.tickets.set(ticketId, t);
    const charges = this.charges(ticketId);
    this.records.set(`${ticketId}#${revision}`, { target, charges, thresholds });
    return { status: 'created', charges, thresholds };
  }

  charges(ticketId: string): Charge[] {
    const out: Charge[] = [];
    for (const s of this.tickets.get(ticketId)?.stack ?? []) {
      const hit = out.find((c) => (s.bucket === 'consuntivo' ? c.bucket === 'consuntivo' : c.bucket === s.bucket && c.packageId === s.packageId));
      if (hit) hit.minutes += s.minutes;
      else out.push({ bucket: s.bucket, ...(s.packageId ? { packageId: s.packageId } : {}), minutes: s.minutes });
    }
    return out;
  }

  expire(at: Date): number {
    let minutes = 0;
    for (const p of this.packages) {
      if (!p.pending || Date.parse(p.expiresAt) > at.getTime()) continue;
      minutes += p.balance;
      p.balance = 0;
      p.pending = false;
    }
    return minutes;
  }
}

/** What a simulated sequence does, step by step. */
export type Command =
  | { kind: 'grant'; minutes: number }
  | { kind: 'order'; pkg: number; key: number | null }
  | { kind: 'settle'; ticket: number; target: number; skip: boolean }
  | { kind: 'replay'; pick: number }
  | { kind: 'replayOtherTarget'; pick: number; target: number }
  | { kind: 'stale'; pick: number }
  | { kind: 'advance'; days: number }
  | { kind: 'expire' };

const target = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 }).map((n) => n * 15), fc.integer({ min: 0, max: 700 }));

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('grant' as const), minutes: fc.integer({ min: 1, max: 600 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('order' as const), pkg: fc.nat(DEFAULT_CATALOGUE.length - 1), key: fc.option(fc.nat(2)) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('settle' as const), ticket: fc.nat(4), target, skip: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replayOtherTarget' as const), pick: fc.nat(), target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
);

export const accountArb = fc.record({ freeMinutes: fc.integer({ min: 0, max: 600 }), rate: fc.constantFrom(6000, 5999, 7500) });

export const sequenceArb = (maxCommands: number) => fc.tuple(accountArb, fc.array(commandArb, { minLength: 1, maxLength: maxCommands }));

async function expectConflict(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a conflict').toBeInstanceOf(DomainError);
  expect((err as DomainError).kind).toBe('conflict');
}

/** The replay check: the same call again must return the first result and write nothing. */
async function unchanged(system: System, customerId: string, act: () => Promise<void>) {
  const before = await system.audit.account(customerId);
  await act();
  expect(await system.audit.account(customerId)).toEqual(before);
}

/** Runs one sequence from a fresh account; throws (with the step) at the first disagreement. */
export async function runSequence(system: System, account: { freeMinutes: number; rate: number }, commands: readonly Command[], start = new Date('2031-01-15T10:00:00Z')): Promise<string> {
  system.clock.now = start;
  const settings = await system.deps.settings();
  const customer = await createCustomerAccount(system.deps, { name: 'Sim Srl', billingEmail: 'sim@sim.example', locale: 'it', freeMinutes: account.freeMinutes, hourlyRateCents: account.rate }, 'sim');
  const customerId = customer.id;
  const model = new LedgerModel(account.freeMinutes, account.rate, settings);
  const applied: { ticketId: string; revision: number; target: number }[] = [];
  const skipped: { ticketId: string; revision: number }[] = [];
  const ticketIds = [0, 1, 2, 3, 4].map((i) => `t_${customerId}_${i}`);

  await checkAgainstModel(system, model, customerId);
  for (const [step, cmd] of commands.entries()) {
    const now = system.clock.now;
    try {
      switch (cmd.kind) {
        case 'grant': {
          const res = await grantFreeMinutes(system.deps, { customerId, minutes: cmd.minutes, note: 'sim', by: 'sim' });
          expect(res.body).toMatchObject({ bucket: 'free', reason: 'grant', minutes: cmd.minutes });
          model.grant(cmd.minutes);
          break;
        }
        case 'order': {
          const item = DEFAULT_CATALOGUE[cmd.pkg]!;
          const key = cmd.key === null ? undefined : `key-${cmd.key}`;
          const idempotency = key ? { key, hash: requestHash({ packageId: item.id }) } : undefined;
          const first = key ? model.orderKey(key, now) : undefined;
          if (first && first.catalogueId !== item.id) {
            await unchanged(system, customerId, () => expectConflict(orderPackage(system.deps, { customerId, catalogueId: item.id, by: 'sim', idempotency })));
          } else if (first) {
            await unchanged(system, customerId, async () => {
              expect((await orderPackage(system.deps, { customerId, catalogueId: item.id, by: 'sim', idempotency })).body).toEqual(first.response);
            });
          } else {
            const res = await orderPackage(system.deps, { customerId, catalogueId: item.id, by: 'sim', idempotency });
            const body = res.body as { package: { id: string; expiresAt: string; minutes: number } };
            model.addPackage(body.package.id, item, now);
            expect(body.package.expiresAt).toBe(model.packages.at(-1)!.expiresAt);
            if (key) model.orderKeys.set(key, { catalogueId: item.id, response: res.body, at: now });
          }
          break;
        }
        case 'settle': {
          const ticketId = ticketIds[cmd.ticket]!;
          const head = model.tickets.get(ticketId)?.revision ?? 0;
          if (cmd.skip) skipped.push({ ticketId, revision: head + 1 });
          const revision = head + (cmd.skip ? 2 : 1);
          const expected = model.settle(ticketId, revision, cmd.target, now);
          const got = await settleTicket(system.deps, { customerId, ticketId, targetMinutes: cmd.target, revision });
          if (expected === 'conflict') throw new Error('model refused a fresh revision');
          expect(got.status).toBe('created');
          expect(got.result.charges).toEqual(expected.charges);
          expect(got.result.thresholds).toEqual(expected.thresholds);
          expect(got.result.settledMinutes).toBe(cmd.target);
          applied.push({ ticketId, revision, target: cmd.target });
          break;
        }
        case 'replay': {
          if (applied.length === 0) break;
          const a = applied[cmd.pick % applied.length]!;
          const expected = model.settle(a.ticketId, a.revision, a.target, now);
          await unchanged(system, customerId, async () => {
            const got = await settleTicket(system.deps, { customerId, ticketId: a.ticketId, targetMinutes: a.target, revision: a.revision });
            expect(expected).not.toBe('conflict');
            expect(got.status).toBe('exists');
            if (expected !== 'conflict') expect({ charges: got.result.charges, thresholds: got.result.thresholds }).toEqual({ charges: expected.charges, thresholds: expected.thresholds });
          });
          break;
        }
        case 'replayOtherTarget': {
          if (applied.length === 0) break;
          const a = applied[cmd.pick % applied.length]!;
          if (a.target === cmd.target) break;
          expect(model.settle(a.ticketId, a.revision, cmd.target, now)).toBe('conflict');
          await unchanged(system, customerId, () => expectConflict(settleTicket(system.deps, { customerId, ticketId: a.ticketId, targetMinutes: cmd.target, revision: a.revision })));
          break;
        }
        case 'stale': {
          if (skipped.length === 0) break;
          const s = skipped[cmd.pick % skipped.length]!;
          expect(model.settle(s.ticketId, s.revision, 15, now)).toBe('conflict');
          await unchanged(system, customerId, () => expectConflict(settleTicket(system.deps, { customerId, ticketId: s.ticketId, targetMinutes: 15, revision: s.revision })));
          break;
        }
        case 'advance':
          system.clock.now = new Date(now.getTime() + cmd.days * 86_400_000);
          break;
        case 'expire': {
          const expected = model.expire(now);
          const got = await expirePackages(oneAccount(system.deps, customerId));
          expect(got.minutes).toBe(expected);
          // Expiring again finds nothing to do.
          await unchanged(system, customerId, async () => {
            expect(await expirePackages(oneAccount(system.deps, customerId))).toEqual({ packages: 0, minutes: 0 });
          });
          break;
        }
      }
      await checkAgainstModel(system, model, customerId);
    } catch (err) {
      (err as Error).message = `step ${step} ${JSON.stringify(cmd)} at ${now.toISOString()}: ${(err as Error).message}`;
      throw err;
    }
  }
  return customerId;
}

/**
 * The deps with the expiry list narrowed to one account: the daily job's own path (`packagesToExpire`), without
 * expiring the packages of other tests' accounts that share the table.
 */
function oneAccount<D extends { ledger: LedgerStore }>(deps: D, customerId: string): D {
  const ledger = new Proxy(deps.ledger, {
    get(target, prop) {
      if (prop === 'packagesToExpire') return async (at: Date) => (await target.packagesToExpire(at)).filter((p) => p.customerId === customerId);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ...deps, ledger };
}

/** The invariants, on the stored data, and the agreement with the model. */
export async function checkAgainstModel(system: System, model: LedgerModel, customerId: string): Promise<void> {
  const snap = await system.audit.account(customerId);
  const now = system.clock.now;
  const balance = await readBalance(system.deps, customerId);
  const buckets = new Map(snap.buckets.map((b) => [bucketKey(b), b]));
  const free = buckets.get('free');
  // One comparison of the system's view with the model's (one diff to read when they differ).
  const stored = {
    // G1–G5 and G9 from the entries alone, including "no negative free/package bucket".
    drift: reconcileAccount(customerId, snap),
    free: { balance: free?.balanceMinutes, granted: free?.grantedMinutes },
    packages: snap.buckets
      .filter((b) => b.bucket === 'package')
      .map((b) => ({ id: b.packageId, balance: b.balanceMinutes, minutes: b.grantedMinutes, expiresAt: b.expiresAt, pending: b.expiryPending }))
      .sort((a, b) => a.id!.localeCompare(b.id!)),
    consuntivo: Object.fromEntries(snap.buckets.filter((b) => b.bucket === 'consuntivo').map((b) => [b.period!, { minutes: 0 - b.balanceMinutes, cents: b.amountCents ?? 0 }])),
    tickets: Object.fromEntries(snap.settlements.map((s) => [s.ticketId, { revision: s.revision, settled: s.settledMinutes, charges: chargesOf(s.slices) }])),
    // And the balance a customer reads.
    balance: { ...balance, packages: balance.packages.map((p) => p.id).sort() },
  };
  const usable = model.packages.filter((p) => Date.parse(p.expiresAt) > now.getTime());
  const month = model.consuntivo.get(monthKey(romeMonthOf(now)));
  const expected = {
    drift: [],
    free: model.free,
    packages: model.packages.map((p) => ({ id: p.id, balance: p.balance, minutes: p.minutes, expiresAt: p.expiresAt, pending: p.pending })).sort((a, b) => a.id.localeCompare(b.id)),
    consuntivo: Object.fromEntries(model.consuntivo),
    tickets: Object.fromEntries([...model.tickets].map(([id, t]) => [id, { revision: t.revision, settled: t.settled, charges: model.charges(id) }])),
    balance: {
      freeMinutesRemaining: model.free.balance,
      freeMinutesGranted: model.free.granted,
      packageMinutesRemaining: usable.reduce((s, p) => s + p.balance, 0),
      packages: usable.map((p) => p.id).sort(),
      consuntivoMinutesThisPeriod: month?.minutes ?? 0,
      consuntivoAmountCentsThisPeriod: month?.cents ?? 0,
      hourlyRateCents: model.rate,
    },
  };
  expect(stored).toEqual(expected);
}

/** fast-check parameters from the environment, so a failure printed in CI replays locally. */
export function replayParameters(): { seed?: number; path?: string } {
  return {
    ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  };
}
