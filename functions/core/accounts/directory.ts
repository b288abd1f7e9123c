import type { Customer, User } from '../accounts';
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
