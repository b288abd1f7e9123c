import type { CallerDirectory } from '#core/accounts/caller';
import { logWork, type TicketDeps } from '#core/tickets/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { worklogBody } from './schemas';

/** POST /tickets/{id}/worklogs: a technician logs whole minutes on a ticket, as the caller of the token. */
export const makeCreateWorklog = (deps: Pick<TicketDeps, 'tickets' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-worklog', body: worklogBody, callers: deps.callers }, async ({ body, path, caller }) => {
    return { status: 201, body: await logWork(deps, caller, path.id!, body) };
  });

export const handler = makeCreateWorklog({ tickets: new DynamoTicketStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), now: () => new Date() });
