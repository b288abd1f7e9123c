/**
 * Proves that a settle on a hot account never gives up as a fault: it retries a conflicting commit with
 * jittered backoff, commits as soon as the conflicts stop, and when they outlast its attempts it fails
 * as a `TransientError` (which the workflow's Retry runs again) having written nothing, rather than as
 * an error that flags the ticket for a person.
 */
import { describe, expect, it } from 'vitest';
import { RETRY } from '../../functions/core/hours/commit';
import { createCustomerAccount, settleTicket } from '../../functions/core/hours/use-cases';
import { TransientError } from '../../functions/core/errors';
import { inMemorySystem } from '../support/ledger-sim';

async function hotAccount(conflicts: number) {
  const system = inMemorySystem();
  const customer = await createCustomerAccount(system.deps, { name: 'Hot Srl', billingEmail: 'hot@hot.example', locale: 'it', freeMinutes: 120 }, 'test');
  // Every commit loses the race `conflicts` times (another settle of the account got in first), then wins.
  const commit = system.store.commit.bind(system.store);
  let lost = 0;
  system.store.commit = async (tx, at) => (lost < conflicts ? (lost++, 'conflict') : commit(tx, at));
  const waits: number[] = [];
  const deps = { ...system.deps, sleep: async (ms: number) => void waits.push(ms) };
  return { system, deps, customerId: customer.id, waits, lost: () => lost };
}

describe('a settle under contention', () => {
  it('retries with jittered, capped backoff and commits once the conflicts stop', async () => {
    const hot = await hotAccount(RETRY.attempts - 1);
    const out = await settleTicket(hot.deps, { customerId: hot.customerId, ticketId: 't_hot_1', targetMinutes: 30, revision: 1 });
    expect(out.status).toBe('created');
    expect(out.result.charges).toEqual([{ bucket: 'free', minutes: 30 }]);
    expect(hot.waits).toHaveLength(RETRY.attempts - 1);
    expect(Math.max(...hot.waits)).toBeLessThan(RETRY.capMs);
    expect(new Set(hot.waits).size).toBeGreaterThan(1);
  });

  it('that outlasts its attempts fails as transient, having written nothing', async () => {
    const hot = await hotAccount(Number.POSITIVE_INFINITY);
    const before = await hot.system.audit.account(hot.customerId);
    const settle = settleTicket(hot.deps, { customerId: hot.customerId, ticketId: 't_hot_2', targetMinutes: 30, revision: 1 });
    await expect(settle).rejects.toBeInstanceOf(TransientError);
    await expect(settle).rejects.toMatchObject({ name: 'TransientError', message: expect.stringContaining('t_hot_2@1: still conflicting') });
    expect(hot.lost()).toBe(RETRY.attempts);
    expect(await hot.system.audit.account(hot.customerId)).toEqual(before);
  });
});
