import type { CallerDirectory } from '#core/accounts/caller';
import { cachedSettings } from '#core/billing/settings';
import { previewReclassification, type ReclassifyDeps } from '#core/tickets/reclassify';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { reclassificationPreviewQuery } from './schemas';

type PreviewDeps = Omit<ReclassifyDeps, 'store' | 'engine'>;

/** GET /tickets/{id}/reclassification/preview?classification=: what reclassifying would do, nothing written. */
export const makePreviewReclassification = (deps: PreviewDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'preview-reclassification', query: reclassificationPreviewQuery, callers: deps.callers }, async ({ query, path, caller }) => {
    const unused = () => {
      throw new Error('a preview writes nothing');
    };
    return { status: 200, body: await previewReclassification({ ...deps, store: { reclassify: unused }, engine: { start: unused } }, caller, path.id!, query.classification) };
  });

const accounts = new DynamoAccountStore(env.tableName);
export const handler = makePreviewReclassification({
  tickets: new DynamoTicketStore(env.tableName),
  ledger: new DynamoLedgerStore(env.tableName),
  customer: (id) => accounts.getCustomer(id),
  settings: cachedSettings(new DynamoSettingsStore(env.tableName)),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
