/**
 * Proves the ledger's pure parts on worked examples: the draw order and splitting of a settle, giving
 * back newest first, the guard windows (with a brute-force check that a guard admits exactly the
 * balances on which the plan is unchanged), thresholds, the transaction assertions, reconcile finding
 * every kind of drift, and the package catalogue's rules and recommendation.
 */
import { describe, expect, it } from 'vitest';
import { LedgerInvariantError, type BucketState, type TicketSettlement } from '../../functions/core/ledger/ledger';
import { debitGuard, guardHolds, thresholdsCrossed } from '../../functions/core/ledger/guards';
import { planSettle } from '../../functions/core/ledger/settle-plan';
import { planExpire, planOpenAccount, planPurchase } from '../../functions/core/ledger/plans';
import { assertTransaction } from '../../functions/core/ledger/assert';
import { applyTransaction, emptyAccountLedger, type AccountLedgerState } from '../support/ledger-memory';
import { reconcileAccount } from '../../functions/core/ledger/reconcile';
import { DEFAULT_CATALOGUE, effectiveCatalogue, recommendPackage, validateCatalogue } from '../../functions/core/catalogue/packages';
import { DEFAULT_SETTINGS } from '../../functions/core/billing/settings';

const at = new Date('2031-03-10T09:00:00Z');
const C = 'c_T';

function account(freeMinutes: number, packages: { id: string; minutes: number; expiresAt: string }[] = []): AccountLedgerState {
  const state = emptyAccountLedger();
  expect(applyTransaction(state, planOpenAccount({ customerId: C, freeMinutes, hourlyRateCents: 6000, at, by: 't', note: '' }))).toBe('committed');
  for (const p of packages) {
    const tx = planPurchase({ orderId: `o_${p.id}`, customerId: C, packageId: p.id, catalogueId: 'x', minutes: p.minutes, priceCents: 100, hourlyPriceCents: 1, orderedAt: at.toISOString(), expiresAt: p.expiresAt, by: 't' });
    expect(applyTransaction(state, tx)).toBe('committed');
  }
  return state;
}

function settle(state: AccountLedgerState, ticketId: string, revision: number, targetMinutes: number, when = at) {
  const plan = planSettle(
    { customerId: C, ticketId, revision, targetMinutes, hourlyRateCents: 6000, at: when },
    { buckets: [...state.buckets.values()], settlement: state.settlements.get(ticketId) },
    DEFAULT_SETTINGS,
  );
  expect(applyTransaction(state, plan.tx)).toBe('committed');
  return plan.result;
}

const balances = (state: AccountLedgerState) => Object.fromEntries([...state.buckets].map(([k, b]) => [k, b.balanceMinutes]));

describe('settling a ticket', () => {
  it('takes free, then the package that expires first (skipping expired ones), then the consuntivo', () => {
    const state = account(60, [
      { id: 'p_late', minutes: 300, expiresAt: '2032-01-01T00:00:00Z' },
      { id: 'p_early', minutes: 300, expiresAt: '2031-06-01T00:00:00Z' },
      { id: 'p_gone', minutes: 300, expiresAt: '2031-03-01T00:00:00Z' },
    ]);
    const r = settle(state, 't1', 1, 60 + 300 + 300 + 45);
    expect(r.charges).toEqual([
      { bucket: 'free', minutes: 60 },
      { bucket: 'package', packageId: 'p_early', minutes: 300 },
      { bucket: 'package', packageId: 'p_late', minutes: 300 },
      { bucket: 'consuntivo', minutes: 45 },
    ]);
    expect(balances(state)).toEqual({ free: 0, 'package:p_late': 0, 'package:p_early': 0, 'package:p_gone': 300, 'consuntivo:2031-03': -45 });
    expect(r.thresholds).toEqual([
      { kind: 'free_exhausted', grantedMinutes: 60 },
      { kind: 'package_exhausted', packageId: 'p_early', grantedMinutes: 300 },
      { kind: 'package_exhausted', packageId: 'p_late', grantedMinutes: 300 },
    ]);
    expect(r.entries.map((e) => [e.bucket, e.reason, e.minutes, e.amountCents])).toEqual([
      ['free', 'consume', -60, undefined],
      ['package', 'consume', -300, undefined],
      ['package', 'consume', -300, undefined],
      ['consuntivo', 'consume', -45, 4500],
    ]);
  });

  it('settling to the same target changes nothing; to more takes only the difference; to fewer gives back newest first', () => {
    const state = account(30, [{ id: 'p1', minutes: 300, expiresAt: '2032-01-01T00:00:00Z' }]);
    settle(state, 't1', 1, 60);
    expect(balances(state)).toMatchObject({ free: 0, 'package:p1': 270 });
    const same = settle(state, 't1', 2, 60);
    expect(same.entries).toEqual([]);
    expect(balances(state)).toMatchObject({ free: 0, 'package:p1': 270 });
    settle(state, 't1', 3, 90);
    expect(balances(state)).toMatchObject({ free: 0, 'package:p1': 240 });
    const down = settle(state, 't1', 4, 15);
    // 75 back: 60 to the package (newest), then 15 to free.
    expect(down.entries.map((e) => [e.bucket, e.reason, e.minutes])).toEqual([
      ['package', 'give_back', 60],
      ['free', 'give_back', 15],
    ]);
    expect(down.charges).toEqual([{ bucket: 'free', minutes: 15 }]);
    const zero = settle(state, 't1', 5, 0);
    expect(zero.charges).toEqual([]);
    expect(balances(state)).toMatchObject({ free: 30, 'package:p1': 300 });
  });

  it('gives consuntivo minutes back at the rate they were taken, in the current month', () => {
    const state = account(0);
    settle(state, 't1', 1, 45);
    const later = new Date('2031-04-02T09:00:00Z');
    const back = settle(state, 't1', 2, 15, later);
    expect(back.entries).toMatchObject([{ bucket: 'consuntivo', period: '2031-04', reason: 'give_back', minutes: 30, hourlyRateCents: 6000, amountCents: -3000 }]);
    expect(balances(state)).toEqual({ free: 0, 'consuntivo:2031-03': -45, 'consuntivo:2031-04': 30 });
  });

  it('refuses a revision that is not after the applied one, and fractional or negative minutes', () => {
    const state = account(60);
    settle(state, 't1', 2, 15);
    const read = { buckets: [...state.buckets.values()], settlement: state.settlements.get('t1') };
    const input = { customerId: C, ticketId: 't1', hourlyRateCents: 6000, at };
    expect(() => planSettle({ ...input, revision: 2, targetMinutes: 30 }, read, DEFAULT_SETTINGS)).toThrow(LedgerInvariantError);
    expect(() => planSettle({ ...input, revision: 3, targetMinutes: 7.5 }, read, DEFAULT_SETTINGS)).toThrow(LedgerInvariantError);
    expect(() => planSettle({ ...input, revision: 3, targetMinutes: -15 }, read, DEFAULT_SETTINGS)).toThrow(LedgerInvariantError);
  });
});

describe('guards', () => {
  const free = (balanceMinutes: number, grantedMinutes: number): BucketState => ({ customerId: C, bucket: 'free', balanceMinutes, grantedMinutes, packageCount: 0 });

  it('a debit guard is the widest window around the balance read on which the plan (bound, drain, thresholds) is unchanged', () => {
    const kinds = (x: number, m: number, g: number) => (x < m ? 'negative' : JSON.stringify(thresholdsCrossed({ bucket: 'free' }, x, m, g, DEFAULT_SETTINGS).map((t) => t.kind)));
    const failures: string[] = [];
    for (const g of [0, 100, 300, 600]) {
      for (let b = 1; b <= g + 100; b += 7) {
        for (const m of new Set([1, 15, 60, b])) {
          if (m > b) continue;
          const guard = debitGuard(b, m, g, DEFAULT_SETTINGS);
          const planned = kinds(b, m, g);
          if (!guardHolds(guard, free(b, g))) failures.push(`g=${g} b=${b} m=${m}: the balance read is outside`);
          for (let x = 0; x <= g + 300; x++) {
            if (guardHolds(guard, free(x, g)) && kinds(x, m, g) !== planned) failures.push(`g=${g} b=${b} m=${m}: admits ${x}`);
          }
          // Widest: one step outside the window the plan would differ.
          if (kinds(guard.minBalance! - 1, m, g) === planned) failures.push(`g=${g} b=${b} m=${m}: could start lower`);
          if (guard.maxBalance !== undefined && kinds(guard.maxBalance + 1, m, g) === planned) failures.push(`g=${g} b=${b} m=${m}: could end higher`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a guard also pins what was granted', () => {
    const guard = debitGuard(200, 15, 300, DEFAULT_SETTINGS);
    expect(guardHolds(guard, free(200, 300))).toBe(true);
    expect(guardHolds(guard, free(200, 360))).toBe(false);
    expect(guardHolds(guard, undefined)).toBe(false);
  });

  it('a settle that reaches the consuntivo guards that no package was bought meanwhile, and that skipped buckets are still empty', () => {
    const state = account(0, [{ id: 'p1', minutes: 300, expiresAt: '2032-01-01T00:00:00Z' }]);
    settle(state, 't1', 1, 300);
    const plan = planSettle({ customerId: C, ticketId: 't2', revision: 1, targetMinutes: 15, hourlyRateCents: 6000, at }, { buckets: [...state.buckets.values()], settlement: undefined }, DEFAULT_SETTINGS);
    expect(plan.tx.buckets.filter((w) => w.op === 'check')).toEqual([
      { op: 'check', ref: { bucket: 'free' }, guard: { minBalance: 0, maxBalance: 0, packageCount: 1 } },
      { op: 'check', ref: { bucket: 'package', packageId: 'p1' }, guard: { minBalance: 0, maxBalance: 0 } },
    ]);
    // A package bought in between makes the plan stale.
    const p2 = planPurchase({ orderId: 'o2', customerId: C, packageId: 'p2', catalogueId: 'x', minutes: 300, priceCents: 1, hourlyPriceCents: 1, orderedAt: at.toISOString(), expiresAt: '2032-02-01T00:00:00Z', by: 't' });
    expect(applyTransaction(state, p2)).toBe('committed');
    expect(applyTransaction(state, plan.tx)).toBe('conflict');
  });
});

describe('transactions', () => {
  it('an expiry takes exactly what is left and is a no-op before expiry', () => {
    const state = account(0, [{ id: 'p1', minutes: 300, expiresAt: '2031-04-01T00:00:00Z' }]);
    settle(state, 't1', 1, 100);
    expect(planExpire(state.buckets.get('package:p1')!, at)).toBeUndefined();
    const later = new Date('2031-04-01T00:00:00Z');
    const tx = planExpire(state.buckets.get('package:p1')!, later)!;
    expect(tx.entries).toMatchObject([{ reason: 'expire', minutes: -200 }]);
    expect(applyTransaction(state, tx)).toBe('committed');
    expect(state.buckets.get('package:p1')).toMatchObject({ balanceMinutes: 0, expiryPending: false });
    expect(applyTransaction(state, tx)).toBe('conflict');
  });

  it('the pure assertions refuse a write that does not equal its entries, or could go negative', () => {
    const state = account(30);
    const plan = planSettle({ customerId: C, ticketId: 't', revision: 1, targetMinutes: 15, hourlyRateCents: 6000, at }, { buckets: [...state.buckets.values()], settlement: undefined }, DEFAULT_SETTINGS);
    const read = [...state.buckets.values()];
    const bad = structuredClone(plan.tx);
    (bad.entries[0] as { minutes: number }).minutes = -16;
    expect(() => assertTransaction(bad, read)).toThrow(/does not equal its entries/);
    const loose = structuredClone(plan.tx);
    const w = loose.buckets[0]!;
    if (w.op === 'update') w.guard = { minBalance: 0, grantedMinutes: 30 };
    expect(() => assertTransaction(loose, read)).toThrow(/below zero/);
  });
});

describe('reconcile', () => {
  const snapshot = (state: AccountLedgerState) => ({ buckets: [...state.buckets.values()], entries: state.entries, settlements: [...state.settlements.values()] });

  it('finds nothing on a ledger built by its own transactions', () => {
    const state = account(120, [{ id: 'p1', minutes: 300, expiresAt: '2032-01-01T00:00:00Z' }]);
    settle(state, 't1', 1, 200);
    settle(state, 't2', 1, 400);
    settle(state, 't1', 2, 15);
    expect(reconcileAccount(C, snapshot(state))).toEqual([]);
  });

  it('finds a balance that is not the sum of its entries, a missing entry, a bad ticket, a negative bucket', () => {
    const state = account(120);
    settle(state, 't1', 1, 60);
    const s = snapshot(state);
    const free = s.buckets.find((b) => b.bucket === 'free')!;
    expect(reconcileAccount(C, { ...s, buckets: [{ ...free, balanceMinutes: 61 }] }).map((d) => d.what)).toEqual(['free balanceMinutes']);
    expect(reconcileAccount(C, { ...s, entries: s.entries.slice(1) }).map((d) => d.what)).toEqual(expect.arrayContaining(['free balanceMinutes', 'free grantedMinutes']));
    const t: TicketSettlement = { ...s.settlements[0]!, settledMinutes: 75 };
    expect(reconcileAccount(C, { ...s, settlements: [t] }).map((d) => d.what)).toContain('ticket t1 settledMinutes');
    const neg = { ...free, balanceMinutes: -1, grantedMinutes: 120 };
    expect(reconcileAccount(C, { ...s, buckets: [neg], entries: [...s.entries, { ...s.entries[1]!, id: 'e_x', ticketId: 't9', minutes: -61 }] }).map((d) => d.what)).toContain('free out of bounds 0..120');
  });
});

describe('package catalogue', () => {
  it('the defaults are 5, 10, 20 and 50 hours, cheaper per hour as they grow, all below the standard rate', () => {
    expect(DEFAULT_CATALOGUE.map((i) => i.minutes)).toEqual([300, 600, 1200, 3000]);
    expect(() => validateCatalogue(effectiveCatalogue([]), DEFAULT_SETTINGS, 'pkg_5h')).not.toThrow();
  });

  it('finance’s edits overlay the defaults and must keep the rules', () => {
    expect(effectiveCatalogue([{ id: 'pkg_5h', minutes: 300, priceCents: 26_000, active: true }]).find((i) => i.id === 'pkg_5h')!.priceCents).toBe(26_000);
    const tooDear = effectiveCatalogue([{ id: 'pkg_5h', minutes: 300, priceCents: 30_000, active: true }]);
    expect(() => validateCatalogue(tooDear, DEFAULT_SETTINGS, 'pkg_5h')).toThrow(/below the standard rate/);
    const notFalling = effectiveCatalogue([{ id: 'pkg_20h', minutes: 1200, priceCents: 120_000 - 1, active: true }]);
    expect(() => validateCatalogue(notFalling, { standardHourlyRateCents: 10_000 }, 'pkg_20h')).toThrow(/less per hour/);
    const withdrawn = effectiveCatalogue([{ id: 'pkg_10h', minutes: 600, priceCents: 99_999, active: false }]);
    expect(() => validateCatalogue(withdrawn, DEFAULT_SETTINGS, 'pkg_10h')).not.toThrow();
  });

  it('recommends the smallest package that covers three months, or the biggest; none without consumption', () => {
    const items = effectiveCatalogue([]);
    const cases: [number, string | undefined][] = [
      [0, undefined],
      [1, 'pkg_5h'],
      [100, 'pkg_5h'],
      [101, 'pkg_10h'],
      [400, 'pkg_20h'],
      [401, 'pkg_50h'],
      [5000, 'pkg_50h'],
    ];
    for (const [avg, id] of cases) expect(recommendPackage(items, avg), `avg ${avg}`).toBe(id);
  });
});
