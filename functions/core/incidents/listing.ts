import type { Caller } from '../accounts/caller';
import { notFound } from '../errors';
import { incidentRef, type Incident } from './incidents';
import type { IncidentStore, Page } from '../ports';

/**
 * What staff read of incidents and accounts: the incidents list (active first, then closed, each with
 * the names of the accounts it covers) and the accounts by name, which the console picks accounts from
 * when declaring one. Both page; neither reads more than one page of the table per page returned.
 */
export interface AccountName {
  id: string;
  name: string;
}

/** Where account names are read: by id (a page's accounts) and all of them by name. */
export interface AccountNames {
  /** The names of these accounts; an id with no account is absent. */
  names(ids: readonly string[]): Promise<Map<string, string>>;
  list(query: { limit: number; cursor?: string }): Promise<Page<AccountName>>;
}

export interface IncidentListDeps {
  incidents: Pick<IncidentStore, 'list'>;
  accounts: AccountNames;
}

export type ListedIncident = Incident & { accounts: AccountName[] };

/** A page of incidents, each with its accounts by name (an account since deleted shows its id). */
export async function listIncidents(deps: IncidentListDeps, query: { limit: number; cursor?: string }): Promise<Page<ListedIncident>> {
  const page = await deps.incidents.list(query);
  const names = await deps.accounts.names([...new Set(page.items.flatMap((i) => i.customerIds))]);
  return {
    items: page.items.map((i) => ({ ...i, accounts: i.customerIds.map((id) => ({ id, name: names.get(id) ?? id })) })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

export async function listAccountNames(deps: Pick<IncidentListDeps, 'accounts'>, query: { limit: number; cursor?: string }): Promise<Page<AccountName>> {
  return deps.accounts.list(query);
}

/** What anyone an incident concerns reads of it: never the other accounts it covers. */
export interface IncidentNotice {
  id: string;
  title: string;
  startedAt: string;
  status: Incident['status'];
  closedAt?: string;
}

/** GET /incidents/{id}: staff read any; a customer only one covering its account (else not found). */
export async function readIncident(deps: { incidents: Pick<IncidentStore, 'get'> }, caller: Caller, rawId: string): Promise<IncidentNotice> {
  const id = incidentRef(rawId);
  const incident = await deps.incidents.get(id);
  if (!incident || (caller.role === 'customer' && !incident.customerIds.includes(caller.customerId ?? ''))) throw notFound(`incident ${id}`);
  return { id: incident.id, title: incident.title, startedAt: incident.startedAt, status: incident.status, ...(incident.closedAt ? { closedAt: incident.closedAt } : {}) };
}
