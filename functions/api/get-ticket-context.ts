import type { CallerDirectory } from '#core/accounts/caller';
import { ticketContext } from '#core/tickets/context';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /tickets/{id}/context: the ticket's account beside it (balance, rate, open incidents), for staff working it. */
export const makeGetTicketContext = (deps: Parameters<typeof ticketContext>[0] & { callers: CallerDirectory }) =>
  httpHandler({ route: 'get-ticket-context', callers: deps.callers }, async ({ path, caller }) => {
    return { status: 200, body: await ticketContext(deps, caller, path.id!) };
  });

export const handler = makeGetTicketContext({
  tickets: new DynamoTicketStore(env.tableName),
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  incidents: new DynamoIncidentStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
