import type { CallerDirectory } from '#core/accounts/caller';
import { readMe, type MeDeps } from '#core/accounts/me';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /me: who the caller is, and a customer's account with its balance and open incidents (`readMe`). */
export const makeGetMe = (deps: MeDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'get-me', callers: deps.callers }, async ({ caller }) => ({ status: 200, body: await readMe(deps, caller) }));

export const handler = makeGetMe({
  accounts: new DynamoAccountStore(env.tableName),
  ledger: new DynamoLedgerStore(env.tableName),
  incidents: new DynamoIncidentStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
