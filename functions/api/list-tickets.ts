import type { CallerDirectory } from '#core/accounts/caller';
import { listTickets, type TicketDeps } from '#core/tickets/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { secretCursorKey } from '#adapters/cursor-key';
import { DEFAULT_PAGE_SIZE, listTicketsQuery } from './schemas';

/** GET /tickets: a customer's own tickets, or for staff every account's (the technicians' queue), newest first. */
export const makeListTickets = (deps: Pick<TicketDeps, 'tickets'> & { callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-tickets', query: listTicketsQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query, caller }) => {
    const page = await listTickets(deps, caller, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
    return { status: 200, body: page };
  });

export const handler = makeListTickets({ tickets: new DynamoTicketStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), cursorKey: secretCursorKey });
