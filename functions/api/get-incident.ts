import type { CallerDirectory } from '#core/accounts/caller';
import { readIncident } from '#core/incidents/listing';
import type { IncidentStore } from '#core/ports';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /incidents/{id}: an incident's title and times, for the ticket opened during it. */
export const makeGetIncident = (deps: { incidents: Pick<IncidentStore, 'get'>; callers: CallerDirectory }) =>
  httpHandler({ route: 'get-incident', callers: deps.callers }, async ({ path, caller }) => {
    return { status: 200, body: await readIncident(deps, caller, path.id!) };
  });

export const handler = makeGetIncident({ incidents: new DynamoIncidentStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds) });
