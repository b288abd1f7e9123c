import type { CallerDirectory } from '#core/accounts/caller';
import { invalid } from '#core/errors';
import { putCatalogueItem } from '#core/catalogue/use-cases';
import type { CatalogueStore } from '#core/ports';
import { cachedSettings, type BillingSettings } from '#core/billing/settings';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoCatalogueStore } from '#adapters/dynamodb/catalogue-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { catalogueIdParam, catalogueItemBody } from './schemas';

/**
 * PUT /finance/packages/{id}: adds a package to the catalogue or changes one (a new price applies to
 * orders from now on). The catalogue must keep its rules: below the standard rate, cheaper per hour as
 * packages grow.
 */
export const makePutPackage = (deps: { catalogue: CatalogueStore; settings: () => Promise<BillingSettings>; callers: CallerDirectory }) =>
  httpHandler({ route: 'put-package', body: catalogueItemBody, callers: deps.callers }, async ({ body, path }) => {
    const id = catalogueIdParam.safeParse(path.id);
    if (!id.success) throw invalid(`package id ${path.id} is not valid`, [{ path: 'id', message: id.error.issues[0]!.message }]);
    const item = await putCatalogueItem(deps, { id: id.data, minutes: body.minutes, priceCents: body.priceCents, active: body.active ?? true });
    return { status: 200, body: item };
  });

export const handler = makePutPackage({
  catalogue: new DynamoCatalogueStore(env.tableName), settings: cachedSettings(new DynamoSettingsStore(env.tableName)),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
});
