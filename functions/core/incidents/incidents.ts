import { MAX_INCIDENT_ACCOUNTS } from '#contracts/vocabulary';
import { conflict, invalid, notFound } from '../errors';

/**
 * Network incidents: declared by staff, naming the customer accounts they affect and when they started.
 * A ticket opened while an incident covers its account is attributed to the provider (docs/product.md
 * "Fault attribution"), so the ticket records the incident at opening.
 *
 * An incident is active for an account at time t when startedAt ≤ t and it is not closed (or was
 * closed after t); the store keeps one record per affected account so that question is one Query.
 */
export interface Incident {
  id: string;
  title: string;
  customerIds: string[];
  startedAt: string;
  status: 'active' | 'closed';
  declaredBy: string;
  createdAt: string;
  closedAt?: string;
  closedBy?: string;
}

/**
 * How many accounts one incident may name: the incident and one record per account are written in one
 * DynamoDB transaction (100 items at most).
 */
export { MAX_INCIDENT_ACCOUNTS } from '#contracts/vocabulary';

/** How far in the future a declared `startedAt` may lie (clock skew between the console and us). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface NewIncidentInput {
  title: string;
  customerIds: string[];
  startedAt?: string;
}

export function newIncident(input: NewIncidentInput, ctx: { id: string; declaredBy: string; now: Date }): Incident {
  const customerIds = [...new Set(input.customerIds)];
  if (customerIds.length > MAX_INCIDENT_ACCOUNTS) {
    throw invalid(`an incident names at most ${MAX_INCIDENT_ACCOUNTS} accounts`, [{ path: 'customerIds', message: `must have at most ${MAX_INCIDENT_ACCOUNTS} items` }]);
  }
  const startedAt = input.startedAt === undefined ? ctx.now : new Date(input.startedAt);
  if (startedAt.getTime() > ctx.now.getTime() + FUTURE_TOLERANCE_MS) {
    throw invalid('an incident cannot start in the future', [{ path: 'startedAt', message: 'must not be in the future' }]);
  }
  return {
    id: ctx.id,
    title: input.title,
    customerIds,
    startedAt: startedAt.toISOString(),
    status: 'active',
    declaredBy: ctx.declaredBy,
    createdAt: ctx.now.toISOString(),
  };
}

export function closeIncident(incident: Incident | undefined, ctx: { id: string; closedBy: string; now: Date }): Incident {
  if (!incident) throw notFound(`incident ${ctx.id.slice(0, 64)}`);
  if (incident.status === 'closed') throw conflict(`incident ${incident.id} is already closed (at ${incident.closedAt})`);
  return { ...incident, status: 'closed', closedAt: ctx.now.toISOString(), closedBy: ctx.closedBy };
}

const INCIDENT_ID = /^i_[0-9A-HJKMNP-TV-Z]{26}$/;

/** A path's `{id}` that cannot name an incident is a 404, never a malformed key sent to the database. */
export function incidentRef(raw: string): string {
  if (!INCIDENT_ID.test(raw)) throw notFound(`incident ${raw.slice(0, 64)}`);
  return raw;
}

/** Of the incidents recorded for an account, the one that covers time t (the earliest started), if any. */
export function coveringIncident(records: readonly { incidentId: string; startedAt: string; closedAt?: string }[], at: Date): string | undefined {
  const t = at.toISOString();
  return records
    .filter((r) => r.startedAt <= t && (r.closedAt === undefined || r.closedAt > t))
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1))[0]?.incidentId;
}
