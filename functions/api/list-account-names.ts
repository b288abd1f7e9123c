import type { CallerDirectory } from '#core/accounts/caller';
import { listAccountNames, type IncidentListDeps } from '#core/incidents/listing';
import { DynamoAccountNames } from '#adapters/dynamodb/account-names';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { secretCursorKey } from '#adapters/cursor-key';
import type { CursorKey } from '#shared/cursors';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { DEFAULT_PAGE_SIZE, accountNamesQuery } from './schemas';

/** GET /staff/accounts: every account's id and name, by name (the console's account picker). */
export const makeListAccountNames = (deps: Pick<IncidentListDeps, 'accounts'> & { callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-account-names', query: accountNamesQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    return { status: 200, body: await listAccountNames(deps, { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) }) };
  });

export const handler = makeListAccountNames({ accounts: new DynamoAccountNames(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), cursorKey: secretCursorKey });
