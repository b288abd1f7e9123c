import { resolveCaller, type CallerDirectory } from '#core/caller';
import { idempotencyKeyFrom } from '#core/idempotency';
import { openTicket, type TicketDeps } from '#core/ticket-use-cases';
import type { TicketView } from '#core/tickets';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { IdempotencyRecords } from '#adapters/dynamodb/idempotency';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';
import { createTicketBody } from './schemas';

/** POST /tickets: opens a ticket for the caller's account; a repeated Idempotency-Key replays the first response. */
export const makeCreateTicket = (deps: TicketDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-ticket', body: createTicketBody }, async ({ body, headers, principal }) => {
    const key = idempotencyKeyFrom(headers);
    const caller = await resolveCaller(principal!, deps.callers);
    const { status, body: ticket } = await openTicket(deps, caller, body, key);
    return { status, body: ticket, headers: { location: `/tickets/${(ticket as TicketView).id}` } };
  });

export const handler = makeCreateTicket({
  tickets: new DynamoTicketStore(env.tableName),
  incidents: new DynamoIncidentStore(env.tableName),
  idempotency: new IdempotencyRecords(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName),
  now: () => new Date(),
});
