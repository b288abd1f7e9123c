import type { CallerDirectory } from '#core/accounts/caller';
import { ticketSummary } from '#core/tickets/views';
import { rerunWorkflow, type WorkflowDeps } from '#core/tickets/workflow';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { DynamoTicketWorkflowStore } from '#adapters/dynamodb/ticket-workflow-store';
import { SfnWorkflowEngine } from '#adapters/sfn';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** POST /tickets/{id}/workflow/rerun: a supervisor runs a stuck ticket's workflow again (a fresh execution). */
export const makeRerunWorkflow = (deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'rerun-workflow', callers: deps.callers }, async ({ path, caller }) => {
    return { status: 202, body: ticketSummary(await rerunWorkflow(deps, caller, path.id!)) };
  });

export const handler = makeRerunWorkflow({
  tickets: new DynamoTicketStore(env.tableName),
  store: new DynamoTicketWorkflowStore(env.tableName),
  engine: new SfnWorkflowEngine(() => env.stateMachineArn),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
