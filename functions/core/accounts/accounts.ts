import type { Locale } from '#contracts/vocabulary';
import type { CustomerFiscalData } from '../einvoicing/fiscal-data';
import type { Role } from './roles';

/**
 * Customer accounts and users. Defaults are the letter's: 5 free hours, 60.00 EUR/hour, Italian.
 */
export const DEFAULT_FREE_MINUTES = 300;
export const DEFAULT_HOURLY_RATE_CENTS = 6000;

export type { Locale } from '#contracts/vocabulary';

/** An account; its fiscal data (`CustomerFiscalData`) is what its invoice drafts need. */
export interface Customer extends CustomerFiscalData {
  id: string;
  name: string;
  vatNumber?: string;
  billingEmail: string;
  locale: Locale;
  hourlyRateCents: number;
  freeMinutesGranted: number;
  createdAt: string;
  updatedAt?: string;
}

/**
 * A user record, keyed by its Cognito subject (`sub`), which is never reused: a username can be deleted
 * and created again for someone else, a subject cannot. The record, not the token, says the user's role
 * and whether it may still act.
 */
export interface User {
  username: string;
  sub: string;
  email: string;
  role: Role;
  customerId?: string;
  /** False once an admin disables the user (POST /admin/users/{username}/disable). */
  enabled: boolean;
  /** When the user was last signed out everywhere (disabled): tokens issued before then are refused for good. */
  signedOutAt?: string;
  /** Set when the username was given to another subject: this subject is gone for good. */
  retiredAt?: string;
  createdAt: string;
  updatedAt?: string;
}

export interface NewCustomerInput {
  name: string;
  vatNumber?: string;
  billingEmail: string;
  locale: Locale;
  freeMinutes?: number;
  hourlyRateCents?: number;
}

export function newCustomer(input: NewCustomerInput, id: string, now: Date): Customer {
  return {
    id,
    name: input.name.trim(),
    ...(input.vatNumber ? { vatNumber: input.vatNumber } : {}),
    billingEmail: input.billingEmail,
    locale: input.locale,
    hourlyRateCents: input.hourlyRateCents ?? DEFAULT_HOURLY_RATE_CENTS,
    freeMinutesGranted: input.freeMinutes ?? DEFAULT_FREE_MINUTES,
    createdAt: now.toISOString(),
  };
}

/**
 * The password policy, shared by the Cognito user pool (CDK) and the request schema, so a password the
 * API accepts is never refused by Cognito halfway through creating a user.
 */
export { PASSWORD_POLICY } from '#contracts/vocabulary';
