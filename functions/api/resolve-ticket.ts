import type { CallerDirectory } from '#core/accounts/caller';
import { revisionFor, ticketSummary } from '#core/tickets/views';
import { recordResolution } from '#core/tickets/workflow';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { DynamoTicketWorkflowStore } from '#adapters/dynamodb/ticket-workflow-store';
import { SfnWorkflowEngine } from '#adapters/sfn';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { resolutionBody } from './schemas';

/** POST /tickets/{id}/resolution: the technician's findings, recorded first, then handed to the workflow. */
export const makeResolveTicket = (deps: Parameters<typeof recordResolution>[0] & { callers: CallerDirectory }) =>
  httpHandler({ route: 'resolve-ticket', body: resolutionBody, callers: deps.callers }, async ({ body, path, caller }) => {
    const ticket = await recordResolution(deps, caller, path.id!, body);
    return { status: 202, body: { ...ticketSummary(ticket), ...revisionFor(caller, ticket) } };
  });

export const handler = makeResolveTicket({
  tickets: new DynamoTicketStore(env.tableName),
  store: new DynamoTicketWorkflowStore(env.tableName),
  engine: new SfnWorkflowEngine(() => env.stateMachineArn),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
