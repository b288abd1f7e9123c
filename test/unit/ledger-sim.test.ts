/**
 * Proves the ledger's use cases against the reference model on the in-memory store: 10,000 random
 * sequences of grants, orders (with and without Idempotency-Key), settles up and down, replays, stale
 * revisions, time passing and expiries; after every step G1–G5 reconcile, no prepaid bucket is negative,
 * every bucket and ticket equals the model's, and a replay writes nothing. Also: concurrent settles on
 * the in-memory store (interleaved at every await) land exactly. A failure prints fast-check's seed and
 * path; `FC_SEED=… FC_PATH=… npx vitest run test/unit/ledger-sim.test.ts` replays it.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCustomerAccount, grantFreeMinutes, orderPackage, settleTicket } from '../../functions/core/hours/use-cases';
import { DEFAULT_CATALOGUE } from '../../functions/core/catalogue/packages';
import { DEFAULT_SETTINGS } from '../../functions/core/billing/settings';
import { reconcileAccount } from '../../functions/core/ledger/reconcile';
import { LedgerModel, inMemorySystem, replayParameters, runSequence, sequenceArb } from '../support/ledger-sim';

const RUNS = Number(process.env.LEDGER_SIM_RUNS ?? 10_000);

describe('ledger simulation, in memory', () => {
  it(`${RUNS} random sequences agree with the model after every step`, { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArb(25), async ([account, commands]) => {
        await runSequence(inMemorySystem(), account, commands);
      }),
      { numRuns: RUNS, ...replayParameters() },
    );
  });

  it('concurrent settles up and down, grants and orders on one account, interleaved at every await, equal the serial history in commit order', { timeout: 120_000 }, async () => {
    let conflicts = 0;
    const ticket = fc.record({ initial: fc.integer({ min: 0, max: 30 }).map((n) => n * 15), next: fc.integer({ min: 0, max: 30 }).map((n) => n * 15), copies: fc.integer({ min: 1, max: 3 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 600 }),
        fc.array(ticket, { minLength: 1, maxLength: 12 }),
        fc.array(fc.oneof(fc.record({ grant: fc.integer({ min: 1, max: 300 }) }), fc.record({ order: fc.nat(DEFAULT_CATALOGUE.length - 1) })), { maxLength: 4 }),
        async (freeMinutes, tickets, others) => {
          const system = inMemorySystem({ interleave: true });
          const { deps } = system;
          const customer = await createCustomerAccount(deps, { name: 'Conc', billingEmail: 'c@c.example', locale: 'it', freeMinutes }, 'sim');
          const customerId = customer.id;
          for (const [i, t] of tickets.entries()) await settleTicket(deps, { customerId, ticketId: `t_${i}`, targetMinutes: t.initial, revision: 1 });
          // The burst: every ticket moves to its next target (1–3 identical calls), grants and orders in between.
          const calls = tickets.flatMap((t, i) => Array.from({ length: t.copies }, () => () => settleTicket(deps, { customerId, ticketId: `t_${i}`, targetMinutes: t.next, revision: 2 })));
          const extra = others.map((o) => ('grant' in o ? () => grantFreeMinutes(deps, { customerId, minutes: o.grant, note: 'x', by: 'sim' }) : () => orderPackage(deps, { customerId, catalogueId: DEFAULT_CATALOGUE[o.order]!.id, by: 'sim' })));
          const results = await Promise.all([...calls, ...extra].map((call) => call()));
          const settled = results.slice(0, calls.length) as Awaited<ReturnType<typeof settleTicket>>[];
          const created = settled.filter((r) => r.status === 'created').map((r) => r.result);
          expect(created).toHaveLength(tickets.length);
          for (const r of settled) expect(r.result).toEqual(created.find((c) => c.ticketId === r.result.ticketId));
          const snap = await system.audit.account(customerId);
          expect(reconcileAccount(customerId, snap)).toEqual([]);
          // Replaying the commits one by one through the model gives every settle the same charges and
          // thresholds, and the same final buckets: the guards made the concurrent run serial.
          const model = new LedgerModel(freeMinutes, customer.hourlyRateCents, DEFAULT_SETTINGS);
          for (const tx of system.store.committed) {
            if (tx.order) model.addPackage(tx.order.packageId, DEFAULT_CATALOGUE.find((i) => i.id === tx.order!.catalogueId)!, new Date(tx.order.orderedAt));
            else if (tx.settleRecord) {
              const { ticketId, revision, targetMinutes } = tx.settleRecord;
              const expected = model.settle(ticketId, revision, targetMinutes, system.clock.now);
              if (revision === 2) {
                const got = created.find((c) => c.ticketId === ticketId)!;
                expect(expected).toEqual({ status: 'created', charges: got.charges, thresholds: got.thresholds });
              }
            } else if (tx.entries[0]?.reason === 'grant' && tx.buckets[0]?.op === 'update') model.grant(tx.entries[0].minutes);
          }
          const free = snap.buckets.find((b) => b.bucket === 'free')!;
          expect(free.balanceMinutes).toBe(model.free.balance);
          for (const p of model.packages) expect(snap.buckets.find((b) => b.packageId === p.id)?.balanceMinutes).toBe(p.balance);
          conflicts += system.store.conflicts;
        },
      ),
      { numRuns: 300, ...replayParameters() },
    );
    // The interleaving is real: plans went stale and were made again.
    expect(conflicts).toBeGreaterThan(0);
  });
});
