import type { CallerDirectory } from '#core/accounts/caller';
import { listCatalogue } from '#core/catalogue/use-cases';
import type { CatalogueStore } from '#core/ports';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoCatalogueStore } from '#adapters/dynamodb/catalogue-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /finance/packages: the whole catalogue finance keeps, withdrawn packages included. */
export const makeListCatalogue = (deps: { catalogue: CatalogueStore; callers: CallerDirectory }) =>
  httpHandler({ route: 'list-catalogue', callers: deps.callers }, async () => ({ status: 200, body: { items: await listCatalogue(deps) } }));

export const handler = makeListCatalogue({ catalogue: new DynamoCatalogueStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds) });
