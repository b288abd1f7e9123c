import type { CallerDirectory } from '#core/accounts/caller';
import { listCustomers } from '#core/accounts/directory';
import type { AccountStore } from '#core/ports';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { secretCursorKey } from '#adapters/cursor-key';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { DEFAULT_PAGE_SIZE, customersQuery } from './schemas';

/** GET /admin/customers: accounts by name, ?q= a name prefix; paged with a signed cursor. */
export const makeListCustomers = (deps: { accounts: Pick<AccountStore, 'listCustomers'>; callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-customers', query: customersQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    const page = await listCustomers(deps, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
    return { status: 200, body: page };
  });

export const handler = makeListCustomers({
  accounts: new DynamoAccountStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
