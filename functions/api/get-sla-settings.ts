import type { CallerDirectory } from '#core/accounts/caller';
import { getSlaSettings, type SlaSettingsStore } from '#core/tickets/sla-use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoSlaSettings } from '#adapters/dynamodb/sla-settings';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /finance/sla: the SLA targets per category, the defaults until saved. */
export const makeGetSlaSettings = (deps: { slaSettings: SlaSettingsStore; callers: CallerDirectory }) =>
  httpHandler({ route: 'get-sla-settings', callers: deps.callers }, async () => ({ status: 200, body: await getSlaSettings(deps) }));

export const handler = makeGetSlaSettings({ slaSettings: new DynamoSlaSettings(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds) });
