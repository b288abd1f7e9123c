import type { CallerDirectory } from '#core/accounts/caller';
import { declareIncident, type IncidentDeps } from '#core/incidents/use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { incidentBody } from './schemas';

/** POST /incidents: staff declare a network incident on the accounts it affects. */
export const makeCreateIncident = (deps: IncidentDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-incident', body: incidentBody, callers: deps.callers }, async ({ body, caller }) => {
    const incident = await declareIncident(deps, caller, body);
    return { status: 201, body: incident, headers: { location: `/incidents/${incident.id}` } };
  });

export const handler = makeCreateIncident({ incidents: new DynamoIncidentStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), now: () => new Date() });
