import { readBalance } from '../hours/reads';
import { openIncidentsFor } from '../incidents/use-cases';
import type { AccountStore, IncidentStore, LedgerStore } from '../ports';
import type { Caller } from './caller';

export interface MeDeps {
  accounts: AccountStore;
  ledger: LedgerStore;
  incidents: Pick<IncidentStore, 'recordsFor'>;
  now: () => Date;
}

/**
 * `GET /me`: the caller as its user record says (the role the route checks use), and for a customer their
 * account, its balance and the network incidents covering it now (the portal's banner).
 */
export async function readMe(deps: MeDeps, caller: Caller) {
  const { username, role } = caller;
  const customer = caller.customerId ? await deps.accounts.getCustomer(caller.customerId) : undefined;
  if (!customer) return { username, role };
  const [balance, openIncidents] = await Promise.all([readBalance(deps, customer.id), openIncidentsFor(deps, customer.id)]);
  return { username, role, customer: { id: customer.id, name: customer.name, locale: customer.locale, hourlyRateCents: customer.hourlyRateCents, balance, openIncidents } };
}
