import type { CallerDirectory } from '#core/accounts/caller';
import { cachedSettings } from '#core/billing/settings';
import { previewResolution, type PreviewDeps } from '#core/tickets/resolution-preview';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { resolutionBody } from './schemas';

/** POST /tickets/{id}/resolution/preview: what the resolution would do, by the workflow's own functions; writes nothing. */
export const makePreviewResolution = (deps: PreviewDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'preview-resolution', body: resolutionBody, callers: deps.callers }, async ({ body, path, caller }) => {
    return { status: 200, body: await previewResolution(deps, caller, path.id!, body) };
  });

export const handler = makePreviewResolution({
  tickets: new DynamoTicketStore(env.tableName),
  incidents: new DynamoIncidentStore(env.tableName),
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  settings: cachedSettings(new DynamoSettingsStore(env.tableName)),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
