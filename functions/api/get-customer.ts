import type { CallerDirectory } from '#core/accounts/caller';
import { getCustomerForAdmin } from '#core/accounts/directory';
import type { AccountStore } from '#core/ports';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /admin/customers/{id}: the account as the PATCH answers it (profile, fiscal data, draft readiness). */
export const makeGetCustomer = (deps: { accounts: Pick<AccountStore, 'getCustomer'>; callers: CallerDirectory }) =>
  httpHandler({ route: 'get-customer', callers: deps.callers }, async ({ path }) => ({ status: 200, body: await getCustomerForAdmin(deps, path.id!) }));

export const handler = makeGetCustomer({
  accounts: new DynamoAccountStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
});
