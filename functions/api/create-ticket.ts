import type { CallerDirectory } from '#core/accounts/caller';
import { idempotencyKeyFrom } from '#core/idempotency';
import { openTicket, type OpenTicketDeps } from '#core/tickets/use-cases';
import type { TicketView } from '#core/tickets/tickets';
import type { WorkflowEngine } from '#core/tickets/workflow';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { IdempotencyRecords } from '#adapters/dynamodb/idempotency';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoSlaSettings } from '#adapters/dynamodb/sla-settings';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { SfnWorkflowEngine } from '#adapters/sfn';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { createTicketBody } from './schemas';

/**
 * POST /tickets: opens a ticket for the caller's account and starts its workflow; a repeated
 * Idempotency-Key replays the first response (and starts the workflow again, which is a no-op unless the
 * first attempt failed between the two). A billable request with nothing prepaid left needs
 * `consentToConsuntivo: true` (400 naming it otherwise); the consent is recorded on the ticket.
 */
export const makeCreateTicket = (deps: OpenTicketDeps & { callers: CallerDirectory; engine: WorkflowEngine }) =>
  httpHandler({ route: 'create-ticket', body: createTicketBody, callers: deps.callers }, async ({ body, headers, caller }) => {
    const key = idempotencyKeyFrom(headers);
    const { status, body: ticket } = await openTicket(deps, caller, body, key);
    const { id, customerId } = ticket as TicketView;
    await deps.engine.start({ ticketId: id, customerId, round: 1 });
    return { status, body: ticket, headers: { location: `/tickets/${(ticket as TicketView).id}` } };
  });

export const handler = makeCreateTicket({
  tickets: new DynamoTicketStore(env.tableName),
  incidents: new DynamoIncidentStore(env.tableName),
  idempotency: new IdempotencyRecords(env.tableName),
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  slaSettings: new DynamoSlaSettings(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  engine: new SfnWorkflowEngine(() => env.stateMachineArn),
  now: () => new Date(),
});
