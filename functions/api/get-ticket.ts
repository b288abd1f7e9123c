import type { CallerDirectory } from '#core/accounts/caller';
import { getTicket, type TicketDeps } from '#core/tickets/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { secretCursorKey } from '#adapters/cursor-key';

/** GET /tickets/{id}: one ticket (by id or by its number) with its messages and time logs; another account's is a 404. */
export const makeGetTicket = (deps: Pick<TicketDeps, 'tickets'> & { callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'get-ticket', callers: deps.callers, cursorKey: deps.cursorKey, foreignCursors: { messagesNextCursor: 'list-ticket-messages', worklogsNextCursor: 'list-ticket-worklogs', notesNextCursor: 'list-ticket-notes' } }, async ({ path, caller }) => {
    return { status: 200, body: await getTicket(deps, caller, path.id!) };
  });

export const handler = makeGetTicket({ tickets: new DynamoTicketStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), cursorKey: secretCursorKey });
