import * as z from 'zod/mini';
import { LOCALES, PASSWORD_POLICY, ROLES, STAFF_ROLES } from '../vocabulary';
import { text, oneLine, pageQuery } from './common';

/** Accounts: customers and users as the admin creates and lists them, roles, the staff's account names. Re-exported by `../requests.ts`. */

const password = z.string().check(
  z.minLength(PASSWORD_POLICY.minLength),
  z.maxLength(256),
  z.regex(/[a-z]/, 'must contain a lowercase letter'),
  z.regex(/[0-9]/, 'must contain a digit'),
);

export const createCustomerBody = z.strictObject({
  name: oneLine(200),
  vatNumber: z.optional(z.string().check(z.regex(/^[A-Z]{0,2}[0-9A-Z]{8,14}$/, 'must be a VAT number such as IT01234567890'))),
  billingEmail: z.email().check(z.maxLength(254)),
  locale: z.enum(LOCALES),
  freeMinutes: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
  hourlyRateCents: z.optional(z.int().check(z.minimum(0), z.maximum(10_000_000))),
});

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const createUserBody = z.strictObject({
  username: z.string().check(z.regex(USERNAME, 'must be 2–64 characters: lowercase letters, digits, . _ -')),
  email: z.email().check(z.maxLength(254)),
  role: z.enum(ROLES),
  customerId: z.optional(text(64)),
  password: z.optional(password),
  /** Set as temporary: at the first login the user must choose a new one (NEW_PASSWORD_REQUIRED); not with `password`. */
  temporaryPassword: z.optional(password),
});

/** The `{username}` of the admin user routes; matched case-insensitively, as the pool signs in. */
export const usernameParam = z.string().check(z.regex(new RegExp(USERNAME.source, 'i'), 'must be 2–64 characters: letters, digits, . _ -'));

/** Staff roles only: a customer user is never made staff, nor staff a customer (see `functions/core/accounts/user-admin.ts`). */
export const userRoleBody = z.strictObject({ role: z.enum(STAFF_ROLES) });

/** `GET /staff/accounts`: accounts by name. */
export const accountNamesQuery = z.strictObject(pageQuery);

/** `?q=`: the start of a name (customers) or a username (users), case-insensitive. */
const prefixQuery = { q: z.optional(text(100)) };
/** `GET /admin/customers`: accounts by name. */
export const customersQuery = z.strictObject({ ...prefixQuery, ...pageQuery });
/** `GET /admin/users`: users by username. */
export const usersQuery = z.strictObject({ ...prefixQuery, ...pageQuery });
