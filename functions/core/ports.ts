import type { Customer, User } from './accounts';
import type { LedgerEntry } from './ledger';
import type { Role } from './roles';

/**
 * The outbound ports: what the use cases need from the world. Adapters (`functions/adapters/`)
 * implement them on DynamoDB, Cognito, SES, S3 and Step Functions; tests may hand in fakes.
 */
export interface AccountStore {
  /** Writes the customer and its opening entries atomically; fails if the id exists. */
  createCustomer(customer: Customer, openingEntries: readonly LedgerEntry[]): Promise<void>;
  getCustomer(id: string): Promise<Customer | undefined>;
  getUser(username: string): Promise<User | undefined>;
  /** Links a Cognito user to its role and account. */
  putUser(user: User): Promise<void>;
  listEntries(customerId: string): Promise<LedgerEntry[]>;
}

export interface NewIdentity {
  username: string;
  email: string;
  role: Role;
  /** Set as permanent when given; otherwise Cognito sends an invitation. */
  password?: string;
}

export interface IdentityProvider {
  /** Creates the user in its role group and returns its immutable subject id. */
  createUser(identity: NewIdentity): Promise<{ sub: string }>;
}
