import * as z from 'zod/mini';
import { MAX_INCIDENT_ACCOUNTS } from '../vocabulary';
import { text, oneLine, pageQuery } from './common';

/** Network incidents: declaring one, listing them. Re-exported by `../requests.ts`. */

export const incidentBody = z.strictObject({
  title: oneLine(200),
  customerIds: z.array(text(64)).check(z.minLength(1), z.maxLength(MAX_INCIDENT_ACCOUNTS)),
  startedAt: z.optional(z.iso.datetime({ offset: true })),
});

/** `GET /incidents`: active first, then closed, newest first within each. */
export const incidentsQuery = z.strictObject(pageQuery);
