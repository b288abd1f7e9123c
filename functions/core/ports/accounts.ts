import type { Customer, User } from '../accounts/accounts';
import type { LedgerTransaction } from '../ledger/ledger';
import type { Role } from '../accounts/roles';
import type { CustomerFiscalData } from '../einvoicing/fiscal-data';
import type { Page } from './common';

/** Accounts and identity: the account store (customers, users) and the identity provider (Cognito). Re-exported by `../ports.ts`. */

export interface AccountStore {
  /** Writes the customer and its opening ledger (free bucket and grant) atomically; fails if the id exists. */
  createCustomer(customer: Customer, opening: LedgerTransaction): Promise<void>;
  getCustomer(id: string): Promise<Customer | undefined>;
  /** The user record of a subject (the token's `sub`), in whatever state. */
  getUser(sub: string): Promise<User | undefined>;
  /** The record of the subject that holds this username now (case-insensitive). */
  getUserByUsername(username: string): Promise<User | undefined>;
  /**
   * Links a new Cognito subject to its role and account, and gives it the username. Never overwrites a
   * record: 409 if this subject has one already, or if the username moved meanwhile. A subject that
   * held the username before (its Cognito user was deleted) is retired in the same transaction.
   */
  createUser(user: User): Promise<void>;
  /** Changes a current (not retired) user's state or role; undefined when there is no such user. */
  updateUser(sub: string, change: UserChange, at: Date): Promise<User | undefined>;
  /** Sets (a value) or removes (null) fiscal fields of an account; undefined when there is no such account. */
  updateCustomer(id: string, change: CustomerChange, at: Date): Promise<Customer | undefined>;
  /** Accounts by name (case-insensitive), optionally those whose name starts with `prefix`: one index partition, paged. */
  listCustomers(query: { prefix?: string; limit: number; cursor?: string }): Promise<Page<Customer>>;
  /** Current users by username (disabled ones included, retired subjects not), optionally by a username prefix, paged. */
  listUsers(query: { prefix?: string; limit: number; cursor?: string }): Promise<Page<User>>;
}

/** What `PATCH /admin/customers/{id}` changes: a value sets the field, null removes it (name, billing email and locale are only set). */
export type CustomerChange = { [K in keyof (CustomerFiscalData & { vatNumber?: string })]?: (CustomerFiscalData & { vatNumber?: string })[K] | null } & Partial<
  Pick<Customer, 'name' | 'billingEmail' | 'locale'>
>;

export type UserChange = { enabled: true } | { enabled: false; signedOutAt: string } | { role: Role };

export interface NewIdentity {
  username: string;
  email: string;
  role: Role;
  /** Set as permanent when given; otherwise Cognito sends an invitation. */
  password?: string;
  /** Set as temporary (no invitation is sent): the first login must choose a new password. */
  temporaryPassword?: string;
}

export interface IdentityProvider {
  /** Creates the user in its role group and returns its immutable subject id. */
  createUser(identity: NewIdentity): Promise<{ sub: string }>;
  /** No new logins, and every refresh token revoked (existing access tokens live on until they expire). */
  disableUser(username: string): Promise<void>;
  enableUser(username: string): Promise<void>;
  /** Puts the user in the group of `role` and in no other role group (idempotent). */
  setRole(username: string, role: Role): Promise<void>;
}
