import type { CallerDirectory } from '#core/accounts/caller';
import { putSlaSettings, type SlaSettingsStore } from '#core/tickets/sla-use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoSlaSettings } from '#adapters/dynamodb/sla-settings';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { slaSettingsBody } from './schemas';

/** PUT /finance/sla: every category's targets at once (a 400 names each bad field); tickets opened from now on are held to them. */
export const makePutSlaSettings = (deps: { slaSettings: SlaSettingsStore; now: () => Date; callers: CallerDirectory }) =>
  httpHandler({ route: 'put-sla-settings', body: slaSettingsBody, callers: deps.callers }, async ({ body, caller }) => ({ status: 200, body: await putSlaSettings(deps, body, caller.username) }));

export const handler = makePutSlaSettings({ slaSettings: new DynamoSlaSettings(env.tableName), now: () => new Date(), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds) });
