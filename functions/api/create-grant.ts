import type { CallerDirectory } from '#core/accounts/caller';
import { type LedgerDeps } from '#core/hours/commit';
import { grantFreeMinutes } from '#core/hours/use-cases';
import { idempotencyKeyFrom, requestHash } from '#core/idempotency';
import { cachedSettings } from '#core/billing/settings';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { grantBody } from './schemas';

/** POST /admin/customers/{id}/grants: tops up the free bank; 201 with the ledger entry (Idempotency-Key honoured). */
export const makeCreateGrant = (deps: LedgerDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-grant', body: grantBody, callers: deps.callers }, async ({ body, path, headers, caller }) => {
    const key = idempotencyKeyFrom(headers);
    const { status, body: entry } = await grantFreeMinutes(deps, {
      customerId: path.id!,
      minutes: body.minutes,
      note: body.note,
      by: caller.username,
      ...(key ? { idempotency: { key, hash: requestHash(body) } } : {}),
    });
    return { status, body: entry };
  });

export const handler = makeCreateGrant({
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  settings: cachedSettings(new DynamoSettingsStore(env.tableName)),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
