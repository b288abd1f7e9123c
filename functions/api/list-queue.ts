import type { CallerDirectory } from '#core/accounts/caller';
import { listQueue, type QueueIndex } from '#core/tickets/queue';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoQueueIndex } from '#adapters/dynamodb/queue-index';
import { secretCursorKey } from '#adapters/cursor-key';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { DEFAULT_PAGE_SIZE, queueQuery } from './schemas';

/** GET /queue: the technicians' queue across accounts, most urgent SLA first, filtered, with counts per state. */
export const makeListQueue = (deps: { queue: QueueIndex; now: () => Date; callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-queue', query: queueQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    const { cursor, limit, ...filters } = query;
    const page = await listQueue(deps, { ...filters, limit: limit ?? DEFAULT_PAGE_SIZE, ...(cursor ? { after: cursor } : {}) });
    return { status: 200, body: { items: page.items, counts: page.counts, accounts: page.accounts, ...(page.next ? { nextCursor: page.next } : {}) } };
  });

export const handler = makeListQueue({
  queue: new DynamoQueueIndex(env.tableName),
  now: () => new Date(),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
