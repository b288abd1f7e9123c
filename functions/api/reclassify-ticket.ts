import type { CallerDirectory } from '#core/accounts/caller';
import { cachedSettings } from '#core/billing/settings';
import { reclassifyTicket, type ReclassifyDeps } from '#core/tickets/reclassify';
import { ticketSummary } from '#core/tickets/views';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { DynamoTicketWorkflowStore } from '#adapters/dynamodb/ticket-workflow-store';
import { SfnWorkflowEngine } from '#adapters/sfn';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { reclassificationBody } from './schemas';

/** POST /tickets/{id}/reclassification: a supervisor reclassifies a closed ticket; its workflow settles it again. */
export const makeReclassifyTicket = (deps: ReclassifyDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'reclassify-ticket', body: reclassificationBody, callers: deps.callers }, async ({ body, path, caller }) => {
    const { status, ticket } = await reclassifyTicket(deps, caller, path.id!, body);
    return { status, body: ticketSummary(ticket) };
  });

const accounts = new DynamoAccountStore(env.tableName);
export const handler = makeReclassifyTicket({
  tickets: new DynamoTicketStore(env.tableName),
  store: new DynamoTicketWorkflowStore(env.tableName),
  engine: new SfnWorkflowEngine(() => env.stateMachineArn),
  ledger: new DynamoLedgerStore(env.tableName),
  customer: (id) => accounts.getCustomer(id),
  settings: cachedSettings(new DynamoSettingsStore(env.tableName)),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
