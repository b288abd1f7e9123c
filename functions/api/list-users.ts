import type { CallerDirectory } from '#core/accounts/caller';
import { listUsers } from '#core/accounts/directory';
import type { AccountStore } from '#core/ports';
import { userView } from '#core/accounts/user-admin';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { secretCursorKey } from '#adapters/cursor-key';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { DEFAULT_PAGE_SIZE, usersQuery } from './schemas';

/** GET /admin/users: users by username (disabled ones too), ?q= a username prefix; paged with a signed cursor. */
export const makeListUsers = (deps: { accounts: Pick<AccountStore, 'listUsers'>; callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-users', query: usersQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    const page = await listUsers(deps, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
    return { status: 200, body: { items: page.items.map(userView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });

export const handler = makeListUsers({
  accounts: new DynamoAccountStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
