import type { CallerDirectory } from '#core/accounts/caller';
import { type LedgerDeps } from '#core/hours/commit';
import { hoursAccount, readBalance } from '#core/hours/reads';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { balanceQuery } from './schemas';

/** GET /balance: the own account's free, package and this month's consuntivo minutes (finance/admin: ?customerId=). */
export const makeGetBalance = (deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'get-balance', query: balanceQuery, callers: deps.callers }, async ({ query, caller }) => {
    return { status: 200, body: await readBalance(deps, hoursAccount(caller, query.customerId)) };
  });

export const handler = makeGetBalance({
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
