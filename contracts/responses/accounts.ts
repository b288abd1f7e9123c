import * as z from 'zod/mini';
import { LOCALES, ROLES, SUBJECT_TYPES } from '../vocabulary';
import { instant, minutes, cents } from './scalars';
import { balance } from './hours';
import { openIncident } from './incidents';

/** Accounts: `GET /me`, customers (with their fiscal data), users, account names. Re-exported by `../responses.ts`. */

export const me = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  /** Customer users only: their account. */
  customer: z.optional(
    z.object({
      id: z.string(),
      name: z.string(),
      locale: z.enum(LOCALES),
      hourlyRateCents: cents,
      balance,
      /** The network incidents covering the account now (only ever the caller's own account's). */
      openIncidents: z.array(openIncident),
    }),
  ),
});

/** An address as FatturaPA writes it (`Sede`). */
export const postalAddress = z.object({
  street: z.string(),
  /** NumeroCivico. */
  number: z.optional(z.string()),
  cap: z.string(),
  comune: z.string(),
  /** Required in Italy. */
  provincia: z.optional(z.string()),
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
});

export const customer = z.object({
  id: z.string(),
  name: z.string(),
  vatNumber: z.optional(z.string()),
  billingEmail: z.string(),
  locale: z.enum(LOCALES),
  hourlyRateCents: cents,
  freeMinutesGranted: minutes,
  createdAt: instant,
  /** Fiscal data for the invoice drafts (`PATCH /admin/customers/{id}`): every field optional until a draft needs it. */
  subjectType: z.optional(z.enum(SUBJECT_TYPES)),
  /** Denominazione: the name on the invoice. */
  legalName: z.optional(z.string()),
  /** Codice fiscale: 16 characters for a person, 11 digits for a company. */
  taxCode: z.optional(z.string()),
  address: z.optional(postalAddress),
  /** CodiceDestinatario (7 characters), or `0000000` with a PEC. */
  recipientCode: z.optional(z.string()),
  pec: z.optional(z.string()),
  /** Days from the invoice date to the due date (30 when absent). */
  paymentTermsDays: z.optional(z.int()),
  updatedAt: z.optional(instant),
});

/** One reason a draft cannot be made: the field (dotted path) and what is wrong with it. */
export const missingField = z.object({ field: z.string(), problem: z.string() });

/** `PATCH /admin/customers/{id}`: the account, and whether its fiscal data is complete for an invoice draft. */
export const customerFiscalStatus = z.extend(customer, {
  /** Whether the account's data is complete for an FPR12 draft (the ISP's own data aside). */
  draftReady: z.boolean(),
  /** Empty when `draftReady`. */
  missing: z.array(missingField),
});

export const user = z.object({
  username: z.string(),
  sub: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  customerId: z.optional(z.string()),
  /** False once an admin disables the user: every route refuses its tokens and it cannot log in. */
  enabled: z.boolean(),
  createdAt: instant,
  /** The last change by an admin (disabled, enabled, new role). */
  updatedAt: z.optional(instant),
});

export type Me = z.infer<typeof me>;
export type Customer = z.infer<typeof customer>;
export type User = z.infer<typeof user>;
export type PostalAddress = z.infer<typeof postalAddress>;
export type CustomerFiscalStatus = z.infer<typeof customerFiscalStatus>;

/** An account's id and name: what staff pick accounts by (`GET /staff/accounts`). */
export const accountName = z.object({ id: z.string(), name: z.string() });
export type AccountName = z.infer<typeof accountName>;
