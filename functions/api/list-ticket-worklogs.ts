import type { CallerDirectory } from '#core/accounts/caller';
import { listTicketHistory, type TicketDeps } from '#core/tickets/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { secretCursorKey } from '#adapters/cursor-key';
import { DEFAULT_PAGE_SIZE, ticketHistoryQuery } from './schemas';

/** GET /tickets/{id}/worklogs: a page of the ticket's time logs, newest first; another account's ticket is a 404. */
export const makeListTicketWorklogs = (deps: Pick<TicketDeps, 'tickets'> & { callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-ticket-worklogs', query: ticketHistoryQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ path, query, caller }) => {
    const page = await listTicketHistory(deps, caller, path.id!, 'worklogs', { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return { status: 200, body: page };
  });

export const handler = makeListTicketWorklogs({ tickets: new DynamoTicketStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), cursorKey: secretCursorKey });
