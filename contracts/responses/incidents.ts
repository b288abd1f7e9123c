import * as z from 'zod/mini';
import { INCIDENT_STATUSES } from '../vocabulary';
import { instant } from './scalars';

/** Network incidents: the record, the list with account names, the notice, and the banner on `GET /me`. Re-exported by `../responses.ts`. */

/** A network incident covering the caller's account now (`GET /me`; the portal's banner). */
export const openIncident = z.object({ id: z.string(), title: z.string(), startedAt: instant });

export const incident = z.object({
  id: z.string(),
  title: z.string(),
  customerIds: z.array(z.string()),
  startedAt: instant,
  status: z.enum(INCIDENT_STATUSES),
  declaredBy: z.string(),
  createdAt: instant,
  closedAt: z.optional(instant),
  closedBy: z.optional(z.string()),
});

export type Incident = z.infer<typeof incident>;
export type OpenIncident = z.infer<typeof openIncident>;

/** An incident in `GET /incidents`: with the names of the accounts it covers. */
export const incidentListed = z.extend(incident, { accounts: z.array(z.object({ id: z.string(), name: z.string() })) });
export type IncidentListed = z.infer<typeof incidentListed>;

/** One incident as anyone it concerns may read it (`GET /incidents/{id}`): no accounts, no staff names. */
export const incidentNotice = z.object({ id: z.string(), title: z.string(), startedAt: instant, status: z.enum(INCIDENT_STATUSES), closedAt: z.optional(instant) });
export type IncidentNotice = z.infer<typeof incidentNotice>;
