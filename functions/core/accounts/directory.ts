import type { Customer, User } from './accounts';
import { customerDraftProblems, type MissingField } from '../einvoicing/fiscal-data';
import { notFound } from '../errors';
import type { AccountStore, Page } from '../ports';

/**
 * The admin's lists: every customer account by name and every user by username, each one index partition
 * read a page at a time (never a Scan). `q` is a case-insensitive prefix of the name or username.
 */
export interface DirectoryQuery {
  q?: string;
  limit: number;
  cursor?: string;
}

const storeQuery = (query: DirectoryQuery) => ({ limit: query.limit, ...(query.q ? { prefix: query.q } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });

export function listCustomers(deps: { accounts: Pick<AccountStore, 'listCustomers'> }, query: DirectoryQuery): Promise<Page<Customer>> {
  return deps.accounts.listCustomers(storeQuery(query));
}

export function listUsers(deps: { accounts: Pick<AccountStore, 'listUsers'> }, query: DirectoryQuery): Promise<Page<User>> {
  return deps.accounts.listUsers(storeQuery(query));
}

/** One account as the admin's form shows it, with whether its fiscal data make an invoice draft. */
export async function getCustomerForAdmin(
  deps: { accounts: Pick<AccountStore, 'getCustomer'> },
  id: string,
): Promise<Customer & { draftReady: boolean; missing: MissingField[] }> {
  const customer = await deps.accounts.getCustomer(id);
  if (!customer) throw notFound(`customer ${id}`);
  const missing = customerDraftProblems(customer);
  return { ...customer, draftReady: missing.length === 0, missing };
}
