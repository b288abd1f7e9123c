import type { Customer, User } from './accounts';
import type { LedgerEntry } from './ledger';
import type { Role } from './roles';
import type { Email } from './notifications';

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

export interface EmailSender {
  /** Sends one email; returns the provider's message id. */
  send(to: string, email: Email): Promise<string>;
}

/** The record of each customer email, so each is sent once (see `core/notify.ts`). */
export interface EmailOutbox {
  /** Takes a short lease on a notice: `sent` if it already went out, `busy` if another attempt holds it. */
  claim(noticeId: string, record: { to: string; subject: string; customerId: string }, now: Date): Promise<'claimed' | 'sent' | 'busy'>;
  markSent(noticeId: string, messageId: string, now: Date): Promise<void>;
  /** Gives the lease back after a failed send, so the retry need not wait for it to lapse. */
  release(noticeId: string): Promise<void>;
}
