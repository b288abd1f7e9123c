import type { CallerDirectory } from '#core/accounts/caller';
import { closeIncident, type IncidentDeps } from '#core/incidents/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** POST /incidents/{id}/close: ends an incident; tickets opened afterwards are no longer attributed to it. */
export const makeCloseIncident = (deps: IncidentDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'close-incident', callers: deps.callers }, async ({ path, caller }) => {
    return { status: 200, body: await closeIncident(deps, caller, path.id!) };
  });

export const handler = makeCloseIncident({ incidents: new DynamoIncidentStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), now: () => new Date() });
