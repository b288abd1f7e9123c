import type { CallerDirectory } from '#core/accounts/caller';
import type { AccountStore, IncidentStore, LedgerStore } from '#core/ports';
import { openIncidentsFor } from '#core/incidents/use-cases';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { readBalance } from '#core/hours/reads';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/**
 * GET /me: the caller as its user record says (found by the token's subject), and a customer's account, balance
 * and the network incidents covering the account now (`openIncidents`: id, title, start; the portal's banner).
 */
export const makeGetMe = (deps: { accounts: AccountStore; ledger: LedgerStore; incidents: Pick<IncidentStore, 'recordsFor'>; callers: CallerDirectory; now: () => Date }) =>
  httpHandler({ route: 'get-me', callers: deps.callers }, async ({ caller }) => {
    const { username, role } = caller;
    const customer = caller.customerId ? await deps.accounts.getCustomer(caller.customerId) : undefined;
    if (!customer) return { status: 200, body: { username, role } };
    const [balance, openIncidents] = await Promise.all([readBalance(deps, customer.id), openIncidentsFor(deps, customer.id)]);
    return {
      status: 200,
      body: { username, role, customer: { id: customer.id, name: customer.name, locale: customer.locale, hourlyRateCents: customer.hourlyRateCents, balance, openIncidents } },
    };
  });

export const handler = makeGetMe({
  accounts: new DynamoAccountStore(env.tableName),
  ledger: new DynamoLedgerStore(env.tableName),
  incidents: new DynamoIncidentStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
