import { accountScope, type CallerDirectory } from '#core/accounts/caller';
import { type LedgerDeps } from '#core/hours/commit';
import { listPackages } from '#core/catalogue/use-cases';
import type { CatalogueStore } from '#core/ports';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoCatalogueStore } from '#adapters/dynamodb/catalogue-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { packagesQuery } from './schemas';

/**
 * GET /packages: the packages on sale and, for a customer (or staff naming ?customerId=), the one that
 * covers about three months of the account's average monthly billable minutes.
 */
export const makeListPackages = (deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'> & { catalogue: CatalogueStore; callers: CallerDirectory }) =>
  httpHandler({ route: 'list-packages', query: packagesQuery, callers: deps.callers }, async ({ query, caller }) => {
    return { status: 200, body: await listPackages(deps, accountScope(caller, query.customerId)) };
  });

export const handler = makeListPackages({
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  catalogue: new DynamoCatalogueStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
