import type { CallerDirectory } from '#core/accounts/caller';
import { addNote, type TicketDeps } from '#core/tickets/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { ticketNoteBody } from './schemas';

/** POST /tickets/{id}/notes: staff write an internal note, which no customer ever reads. */
export const makeCreateTicketNote = (deps: Pick<TicketDeps, 'tickets' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-ticket-note', body: ticketNoteBody, callers: deps.callers }, async ({ body, path, caller }) => {
    return { status: 201, body: await addNote(deps, caller, path.id!, body) };
  });

export const handler = makeCreateTicketNote({ tickets: new DynamoTicketStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), now: () => new Date() });
