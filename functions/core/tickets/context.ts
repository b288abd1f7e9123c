import type { Caller } from '../accounts/caller';
import { notFound } from '../errors';
import { readBalance } from '../hours/reads';
import { type LedgerDeps } from '../hours/commit';
import { openIncidentsFor } from '../incidents/use-cases';
import type { Balance } from '../ledger/balance';
import type { IncidentStore, TicketStore } from '../ports';
import { findVisibleTicket } from './lookup';
import type { Customer } from '../accounts/accounts';

/**
 * A ticket's account, beside it in the console (issue 12, item 3): the balance (free, package and this
 * month's consuntivo minutes, the rate) and the incidents covering the account now. Reached only through
 * a ticket the caller can see, so a technician reads the hours of no other account.
 */
export interface TicketContext {
  ticketId: string;
  customer: Pick<Customer, 'id' | 'name' | 'locale' | 'hourlyRateCents'>;
  balance: Balance;
  openIncidents: { id: string; title: string; startedAt: string }[];
}

export async function ticketContext(
  deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'> & { tickets: Pick<TicketStore, 'get' | 'idByNumber'>; incidents: Pick<IncidentStore, 'recordsFor'> },
  caller: Caller,
  rawId: string,
): Promise<TicketContext> {
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const [customer, balance, openIncidents] = await Promise.all([
    deps.accounts.getCustomer(ticket.customerId),
    readBalance(deps, ticket.customerId),
    openIncidentsFor(deps, ticket.customerId),
  ]);
  if (!customer) throw notFound(`customer ${ticket.customerId}`);
  return { ticketId: ticket.id, customer: { id: customer.id, name: customer.name, locale: customer.locale, hourlyRateCents: customer.hourlyRateCents }, balance, openIncidents };
}
