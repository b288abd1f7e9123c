import { type LedgerDeps } from '#core/hours/commit';
import { expirePackages } from '#core/hours/use-cases';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { logger } from '#shared/logging';

/**
 * The daily expiry (`schedules.ts`): every package past its expiry with minutes left gets an `expire`
 * entry for them. Idempotent: a second run finds them expired and off the list.
 */
export const makeExpirePackages = (deps: Pick<LedgerDeps, 'ledger' | 'now'>) => async (): Promise<{ packages: number; minutes: number }> => {
  const result = await expirePackages(deps);
  (await logger()).info('packages expired', result);
  return result;
};

export const handler = makeExpirePackages({ ledger: new DynamoLedgerStore(env.tableName), now: () => new Date() });
