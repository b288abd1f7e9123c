import type { CallerDirectory } from '#core/accounts/caller';
import { ticketSummary } from '#core/tickets/views';
import { contestTicket, type WorkflowDeps } from '#core/tickets/workflow';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { DynamoTicketWorkflowStore } from '#adapters/dynamodb/ticket-workflow-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { contestBody } from './schemas';

/** POST /tickets/{id}/contest: the customer contests a billable classification, once, with a reason. */
export const makeContestTicket = (deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'contest-ticket', body: contestBody, callers: deps.callers }, async ({ body, path, caller }) => {
    return { status: 202, body: ticketSummary(await contestTicket(deps, caller, path.id!, body.reason)) };
  });

export const handler = makeContestTicket({
  tickets: new DynamoTicketStore(env.tableName),
  store: new DynamoTicketWorkflowStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
