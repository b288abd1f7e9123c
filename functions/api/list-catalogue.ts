import { listCatalogue } from '#core/hours';
import type { CatalogueStore } from '#core/ports';
import { DynamoCatalogueStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';

/** GET /finance/packages: the whole catalogue finance keeps, withdrawn packages included. */
export const makeListCatalogue = (deps: { catalogue: CatalogueStore }) =>
  httpHandler({ route: 'list-catalogue' }, async () => ({ status: 200, body: { items: await listCatalogue(deps) } }));

export const handler = makeListCatalogue({ catalogue: new DynamoCatalogueStore(env.tableName) });
