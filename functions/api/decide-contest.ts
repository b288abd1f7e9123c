import type { CallerDirectory } from '#core/accounts/caller';
import { ticketSummary } from '#core/tickets/views';
import { decideContest, type WorkflowDeps } from '#core/tickets/workflow';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { DynamoTicketWorkflowStore } from '#adapters/dynamodb/ticket-workflow-store';
import { SfnWorkflowEngine } from '#adapters/sfn';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { contestDecisionBody } from './schemas';

/** POST /tickets/{id}/contest/decision: a supervisor accepts (every minute flows back) or rejects a contest. */
export const makeDecideContest = (deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'decide-contest', body: contestDecisionBody, callers: deps.callers }, async ({ body, path, caller }) => {
    return { status: 202, body: ticketSummary(await decideContest(deps, caller, path.id!, body)) };
  });

export const handler = makeDecideContest({
  tickets: new DynamoTicketStore(env.tableName),
  store: new DynamoTicketWorkflowStore(env.tableName),
  engine: new SfnWorkflowEngine(() => env.stateMachineArn),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
