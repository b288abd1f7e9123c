import type { CallerDirectory } from '#core/accounts/caller';
import { listIncidents, type IncidentListDeps } from '#core/incidents/listing';
import { DynamoAccountNames } from '#adapters/dynamodb/account-names';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { secretCursorKey } from '#adapters/cursor-key';
import type { CursorKey } from '#shared/cursors';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { DEFAULT_PAGE_SIZE, incidentsQuery } from './schemas';

/** GET /incidents: staff read the incidents, active first, each with its accounts by name. */
export const makeListIncidents = (deps: IncidentListDeps & { callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-incidents', query: incidentsQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    return { status: 200, body: await listIncidents(deps, { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) }) };
  });

export const handler = makeListIncidents({
  incidents: new DynamoIncidentStore(env.tableName),
  accounts: new DynamoAccountNames(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
