import type { CallerDirectory } from '#core/accounts/caller';
import { listAttention, type AttentionMarks } from '#core/tickets/attention';
import type { TicketStore } from '#core/ports';
import { DynamoAttentionMarks } from '#adapters/dynamodb/attention-marks';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { secretCursorKey } from '#adapters/cursor-key';
import type { CursorKey } from '#shared/cursors';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { DEFAULT_PAGE_SIZE, attentionQuery } from './schemas';

/** GET /attention: the tickets whose workflow needs a supervisor, newest first. */
export const makeListAttention = (deps: { marks: AttentionMarks; tickets: Pick<TicketStore, 'get'>; callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-attention', query: attentionQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    return { status: 200, body: await listAttention(deps, { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) }) };
  });

export const handler = makeListAttention({
  marks: new DynamoAttentionMarks(env.tableName),
  tickets: new DynamoTicketStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
