import type { CallerDirectory } from '#core/accounts/caller';
import { type LedgerDeps } from '#core/hours/commit';
import { hoursAccount, readForecast } from '#core/hours/reads';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { forecastQuery } from './schemas';

/** GET /forecast: when the own account's prepaid hours run out, as a range (finance/admin: ?customerId=). */
export const makeGetForecast = (deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'get-forecast', query: forecastQuery, callers: deps.callers }, async ({ query, caller }) => {
    return { status: 200, body: await readForecast(deps, hoursAccount(caller, query.customerId)) };
  });

export const handler = makeGetForecast({
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
