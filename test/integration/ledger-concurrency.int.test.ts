/**
 * Proves the ledger exact under concurrency on DynamoDB Local: 200 settles of different tickets of one
 * account at once, plus 30 % duplicate calls, all through TransactWriteItems with conflicts retried by
 * jittered backoff. Every call completes; each ticket is charged once, exactly its minutes; free is used
 * before the package and the package before the consuntivo; every threshold is reported by exactly one
 * settle; the account reconciles with zero drift.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomerAccount, orderPackage, settleTicket, type SettleOutcome } from '../../functions/core/hours/use-cases';
import { reconcileAccount } from '../../functions/core/ledger/reconcile';
import { SIM_TABLE, createSimTable, dynamoSystem } from './ledger-fixtures';

beforeAll(createSimTable);

describe('200 concurrent settles of one account', () => {
  it('land exactly, with no double charge', async () => {
    const system = dynamoSystem(new Date(), SIM_TABLE);
    const { deps } = system;
    const customer = await createCustomerAccount(deps, { name: 'Hot Srl', billingEmail: 'hot@hot.example', locale: 'it', freeMinutes: 300 }, 'test');
    const customerId = customer.id;
    await orderPackage(deps, { customerId, catalogueId: 'pkg_20h', by: 'test' });

    // Deterministic spread of targets (15–120 minutes); 60 of the calls repeat an earlier ticket.
    const tickets = Array.from({ length: 200 }, (_, i) => ({ ticketId: `t_hot_${customerId}_${i}`, targetMinutes: 15 * (1 + ((i * 7) % 8)) }));
    const calls = [...tickets, ...tickets.filter((_, i) => i % 10 < 3)];
    const started = performance.now();
    const results: SettleOutcome[] = await Promise.all(calls.map((t) => settleTicket(deps, { customerId, ...t, revision: 1 })));
    const seconds = (performance.now() - started) / 1000;

    const total = tickets.reduce((s, t) => s + t.targetMinutes, 0);
    expect(total).toBeGreaterThan(300 + 1200);
    // Every ticket committed once; every duplicate got the first result back.
    expect(results.filter((r) => r.status === 'created')).toHaveLength(200);
    expect(results.filter((r) => r.status === 'exists')).toHaveLength(60);
    const first = new Map(results.filter((r) => r.status === 'created').map((r) => [r.result.ticketId, r.result]));
    for (const r of results) expect(r.result).toEqual(first.get(r.result.ticketId));

    const snap = await system.audit.account(customerId);
    expect(reconcileAccount(customerId, snap)).toEqual([]);
    for (const t of tickets) {
      const own = snap.entries.filter((e) => e.ticketId === t.ticketId);
      expect(own.reduce((s, e) => s - e.minutes, 0), t.ticketId).toBe(t.targetMinutes);
      expect(first.get(t.ticketId)!.charges.reduce((s, c) => s + c.minutes, 0)).toBe(t.targetMinutes);
    }
    const balance = (bucket: string) => snap.buckets.filter((b) => b.bucket === bucket).reduce((s, b) => s + b.balanceMinutes, 0);
    expect(balance('free')).toBe(0);
    expect(balance('package')).toBe(0);
    expect(-balance('consuntivo')).toBe(total - 300 - 1200);
    expect(snap.entries.filter((e) => e.ticketId).length).toBeGreaterThanOrEqual(200);

    // Each crossing is reported by exactly one settle.
    const thresholds = [...first.values()].flatMap((r) => r.thresholds);
    expect(thresholds.filter((t) => t.kind === 'free_exhausted')).toHaveLength(1);
    expect(thresholds.filter((t) => t.kind === 'package_exhausted')).toHaveLength(1);
    expect(thresholds.filter((t) => t.kind === 'low_balance' && t.bucket === 'free').length).toBeLessThanOrEqual(1);
    expect(thresholds.filter((t) => t.kind === 'low_balance' && t.bucket === 'package').length).toBeLessThanOrEqual(1);
    console.log(`260 concurrent settles (200 tickets) on one account: ${seconds.toFixed(1)} s`);
  });
});
