import type { CallerDirectory } from '#core/caller';
import { listTickets, type TicketDeps } from '#core/ticket-use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';
import { DEFAULT_PAGE_SIZE, listTicketsQuery } from './schemas';

/** GET /tickets: a customer's own tickets, or for staff every account's (the technicians' queue), newest first. */
export const makeListTickets = (deps: Pick<TicketDeps, 'tickets'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'list-tickets', query: listTicketsQuery, callers: deps.callers }, async ({ query, caller }) => {
    const page = await listTickets(deps, caller, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
    return { status: 200, body: page };
  });

export const handler = makeListTickets({ tickets: new DynamoTicketStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds) });
