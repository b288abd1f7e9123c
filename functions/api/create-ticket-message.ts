import type { CallerDirectory } from '#core/accounts/caller';
import { postMessage, type TicketDeps } from '#core/tickets/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { ticketMessageBody } from './schemas';

/** POST /tickets/{id}/messages: the account's customer users and staff write on a ticket; a staff message is a first response. */
export const makeCreateTicketMessage = (deps: Pick<TicketDeps, 'tickets' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-ticket-message', body: ticketMessageBody, callers: deps.callers }, async ({ body, path, caller }) => {
    return { status: 201, body: await postMessage(deps, caller, path.id!, body.body, body.revision) };
  });

export const handler = makeCreateTicketMessage({ tickets: new DynamoTicketStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), now: () => new Date() });
