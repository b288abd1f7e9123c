import * as z from 'zod/mini';
import { text, wholeMinutes, pageQuery } from './common';

/** The hours: balance, ledger, packages, forecast, grants, the catalogue, finance's balances and rates. Re-exported by `../requests.ts`. */

/** `?customerId=`: finance and admin name an account; customers may only name their own. */
const accountQuery = { customerId: z.optional(text(64)) };

export const balanceQuery = z.strictObject(accountQuery);

/** An instant with its offset (`2026-11-01T00:00:00+01:00`), compared as the UTC instant it names. */
const instant = z.pipe(z.iso.datetime({ offset: true }), z.transform((v: string) => new Date(v).toISOString()));

export const ledgerQuery = z.strictObject({
  ...accountQuery,
  /** Entries at or after this instant. */
  from: z.optional(instant),
  /** Entries before this instant. */
  to: z.optional(instant),
  ...pageQuery,
});

export const packagesQuery = z.strictObject(accountQuery);

export const forecastQuery = z.strictObject(accountQuery);

export const packageOrderBody = z.strictObject({ packageId: text(64) });

/** A top-up of the free bank: whole minutes, at most 1,000 hours at once. */
export const grantBody = z.strictObject({ minutes: wholeMinutes(60_000), note: text(500) });

export const catalogueItemBody = z.strictObject({
  minutes: wholeMinutes(100_000),
  priceCents: z.int().check(z.minimum(0), z.maximum(100_000_000)),
  /** Withdrawn packages are not on sale; those bought stay valid. @default true */
  active: z.optional(z.boolean()),
});

/** Catalogue ids: `pkg_` and lowercase letters, digits, `_`. */
export const catalogueIdParam = z.string().check(z.regex(/^pkg_[a-z0-9_]{1,40}$/, 'must be pkg_ followed by lowercase letters, digits or _'));

/** What `GET /finance/customers` sorts by: the name, or a balance over every account. */
export const CUSTOMER_BALANCE_SORTS = ['name', 'free', 'package', 'consuntivo'] as const;
export type CustomerBalanceSort = (typeof CUSTOMER_BALANCE_SORTS)[number];

/** `GET /finance/customers`: `?sort=` (default name), `?order=` (default asc), `?q=` (name contains), a page. */
export const customerBalancesQuery = z.strictObject({
  sort: z.optional(z.enum(CUSTOMER_BALANCE_SORTS)),
  order: z.optional(z.enum(['asc', 'desc'])),
  q: z.optional(text(100)),
  ...pageQuery,
});

/** `PUT /finance/customers/{id}/rate`: the account's new hourly rate, whole cents net of VAT. */
export const customerRateBody = z.strictObject({
  hourlyRateCents: z.int().check(z.minimum(0), z.maximum(10_000_000)),
});
