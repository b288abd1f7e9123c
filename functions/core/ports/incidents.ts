import type { Incident } from '../incidents/incidents';
import type { Page } from './common';

/** Network incidents: the incident store and its coverage records per account. Re-exported by `../ports.ts`. */

/** What the store keeps per affected account, enough to tell whether an incident covered a moment. */
export interface IncidentCoverage {
  incidentId: string;
  startedAt: string;
  closedAt?: string;
  /** The incident's title, copied onto the record so the account's banner needs no second read. */
  title?: string;
}

export interface IncidentStore {
  /** Writes the incident and one coverage record per account in one transaction. */
  create(incident: Incident): Promise<void>;
  get(id: string): Promise<Incident | undefined>;
  /** Closes the incident and its coverage records in one transaction; `already-closed` if it was. */
  close(incident: Incident): Promise<'closed' | 'already-closed'>;
  /** The coverage records of an account for incidents started at or before `at`. */
  recordsFor(customerId: string, at: Date): Promise<IncidentCoverage[]>;
  /** Which of these customer ids name no account. */
  unknownCustomers(ids: readonly string[]): Promise<string[]>;
  /** Active incidents newest first, then closed ones newest first; `cursor` is a position this returned. */
  list(query: { limit: number; cursor?: string }): Promise<Page<Incident>>;
}
