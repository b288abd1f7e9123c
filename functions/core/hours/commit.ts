import type { Customer } from '../accounts/accounts';
import { backoffMs } from '../backoff';
import { invalid, notFound, TransientError } from '../errors';
import type { IdempotencyInput, IdempotentResponse } from '../idempotency';
import type { CommitOutcome, LedgerTransaction } from '../ledger/ledger';
import type { AccountStore, LedgerStore } from '../ports';
import type { BillingSettings } from '../billing/settings';

/**
 * How the use cases of the hours ledger (`use-cases.ts`) commit, each written as its primary course: read,
 * plan (pure, in `core/ledger/`), commit; when the commit reports a conflict (a guard no longer holds, or a concurrent
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

export async function untilCommitted<T>(deps: Pick<LedgerDeps, 'sleep' | 'random'>, what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  for (let i = 0; i < RETRY.attempts; i++) {
    const done = await attempt();
    if (done !== undefined) return done;
    await sleep(backoffMs(i, RETRY, random));
  }
  throw new TransientError(`${what}: still conflicting after ${RETRY.attempts} attempts`);
}

export const whole = (path: string, n: number, min: number) => {
  if (!Number.isSafeInteger(n) || n < min) throw invalid(`${path} must be a whole number ≥ ${min}`, [{ path, message: `must be a whole number ≥ ${min}` }]);
};

export async function customerOrThrow(deps: Pick<LedgerDeps, 'accounts'>, customerId: string): Promise<Customer> {
  const customer = await deps.accounts.getCustomer(customerId);
  if (!customer) throw notFound(`customer ${customerId}`);
  return customer;
}

/**
 * Commits a transaction that carries its own idempotency record: the first response, or, when a twin
 * with the same key committed first, that one's response.
 */
export async function commitOnce(deps: LedgerDeps, what: string, scope: string, tx: LedgerTransaction, response: IdempotentResponse, idempotency: IdempotencyInput | undefined): Promise<IdempotentResponse> {
  const withKey: LedgerTransaction = idempotency ? { ...tx, idempotency: { scope, key: idempotency.key, hash: idempotency.hash, response } } : tx;
  return untilCommitted(deps, what, async () => {
    const now = deps.now();
    const outcome: CommitOutcome = await deps.ledger.commit(withKey, now);
    if (outcome === 'committed') return response;
    if (outcome === 'duplicate' && idempotency) return deps.ledger.replay(scope, idempotency.key, idempotency.hash, now);
    return undefined;
  });
}
