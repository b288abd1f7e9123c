import type { CallerDirectory } from '#core/accounts/caller';
import { type LedgerDeps } from '#core/hours/commit';
import { orderPackage } from '#core/hours/use-cases';
import { idempotencyKeyFrom, requestHash } from '#core/idempotency';
import type { CatalogueStore } from '#core/ports';
import { cachedSettings } from '#core/billing/settings';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoCatalogueStore } from '#adapters/dynamodb/catalogue-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { packageOrderBody } from './schemas';

/**
 * POST /packages/orders: the caller's account buys a package; its minutes are credited at once and its
 * price waits for the next invoice. With Idempotency-Key a repeat replays the first response.
 */
export const makeCreatePackageOrder = (deps: LedgerDeps & { catalogue: CatalogueStore; callers: CallerDirectory }) =>
  httpHandler({ route: 'create-package-order', body: packageOrderBody, callers: deps.callers }, async ({ body, headers, caller }) => {
    const key = idempotencyKeyFrom(headers);
    const { status, body: order } = await orderPackage(deps, {
      customerId: caller.customerId!,
      catalogueId: body.packageId,
      by: caller.username,
      ...(key ? { idempotency: { key, hash: requestHash(body) } } : {}),
    });
    return { status, body: order };
  });

export const handler = makeCreatePackageOrder({
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  catalogue: new DynamoCatalogueStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  settings: cachedSettings(new DynamoSettingsStore(env.tableName)),
  now: () => new Date(),
});
