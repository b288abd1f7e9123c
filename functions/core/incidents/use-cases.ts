import type { Caller } from '../accounts/caller';
import { conflict, invalid } from '../errors';
import { newId } from '../ids';
import { closeIncident as closed, incidentRef, newIncident, type Incident, type NewIncidentInput } from './incidents';
import type { IncidentStore } from '../ports';

/** The incident use cases: staff declare a network incident on some accounts, and close it. */
export interface IncidentDeps {
  incidents: IncidentStore;
  now: () => Date;
}

/**
 * 1. Build the incident (accounts deduplicated, start not in the future).
 * 2. Every account it names must exist: a typo must not silently cover nobody.
 * 3. Write it with one coverage record per account, in one transaction.
 */
export async function declareIncident(deps: IncidentDeps, caller: Caller, input: NewIncidentInput): Promise<Incident> {
  const now = deps.now();
  const incident = newIncident(input, { id: newId('i', now.getTime()), declaredBy: caller.username, now });
  const unknown = await deps.incidents.unknownCustomers(incident.customerIds);
  if (unknown.length) {
    throw invalid(`no such customer: ${unknown.join(', ')}`, unknown.map((id) => ({ path: `customerIds.${input.customerIds.indexOf(id)}`, message: 'no such customer' })));
  }
  await deps.incidents.create(incident);
  return incident;
}

/** Closes an active incident; from then on new tickets of its accounts are no longer attributed to it. */
export async function closeIncident(deps: IncidentDeps, caller: Caller, rawId: string): Promise<Incident> {
  const id = incidentRef(rawId);
  const incident = closed(await deps.incidents.get(id), { id, closedBy: caller.username, now: deps.now() });
  if ((await deps.incidents.close(incident)) === 'already-closed') throw conflict(`incident ${id} is already closed`);
  return incident;
}

/** What a customer sees of an incident: enough for the portal's banner, nothing of the other accounts it covers. */
export interface OpenIncident {
  id: string;
  title: string;
  startedAt: string;
}

/** The incidents covering the account now (started, not closed), earliest first: one Query of its partition. */
export async function openIncidentsFor(deps: { incidents: Pick<IncidentStore, 'recordsFor'>; now: () => Date }, customerId: string): Promise<OpenIncident[]> {
  const now = deps.now();
  const t = now.toISOString();
  return (await deps.incidents.recordsFor(customerId, now))
    .filter((r) => r.startedAt <= t && (r.closedAt === undefined || r.closedAt > t))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .map((r) => ({ id: r.incidentId, title: r.title ?? '', startedAt: r.startedAt }));
}
