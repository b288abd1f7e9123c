import * as z from 'zod/mini';
import { capProblem, codiceFiscaleProblem, countryProblem, ibanProblem, pecProblem, provinciaProblem, recipientCodeProblem, vatNumberProblem } from '../fiscal-codes';
import { LOCALES, REGIMI_FISCALI, SUBJECT_TYPES } from '../vocabulary';
import { oneLine } from './common';

/** Fiscal data: a customer's (the admin's form) and the ISP's own e-invoicing settings, checked by `../fiscal-codes.ts`. Re-exported by `../requests.ts`. */

/** A string checked by one of `fiscal-codes.ts`: the 400 says what is wrong with it. */
const fiscalCode = (max: number, problemOf: (v: string) => string | undefined) =>
  z.string().check(
    // One message per field: the length, or else what the check finds.
    z.superRefine((v: string, ctx) => {
      const problem = v.length > max ? `must be at most ${max} characters` : problemOf(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: v });
    }),
  );

const postalAddress = z.strictObject({
  street: oneLine(60),
  number: z.optional(z.string().check(z.regex(/^[\x20-\x7e]{1,8}$/, 'must be 1–8 plain characters, such as 12/B'))),
  cap: fiscalCode(5, capProblem),
  comune: oneLine(60),
  provincia: z.optional(fiscalCode(2, provinciaProblem)),
  country: fiscalCode(2, countryProblem),
});

/**
 * `PATCH /admin/customers/{id}`: the account's fiscal data, each field checked on its own (checksums
 * included) so a 400 names every bad field; null removes a field. Completeness (a VAT number for a
 * company, a CodiceDestinatario or a PEC…) is what the drafts check, and the export reports.
 */
export const customerFiscalBody = z.strictObject({
  subjectType: z.optional(z.nullable(z.enum(SUBJECT_TYPES))),
  legalName: z.optional(z.nullable(oneLine(80))),
  vatNumber: z.optional(z.nullable(fiscalCode(30, vatNumberProblem))),
  taxCode: z.optional(z.nullable(fiscalCode(16, codiceFiscaleProblem))),
  address: z.optional(z.nullable(postalAddress)),
  recipientCode: z.optional(z.nullable(fiscalCode(7, recipientCodeProblem))),
  pec: z.optional(z.nullable(fiscalCode(256, pecProblem))),
  paymentTermsDays: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(365)))),
});

/** `PUT /finance/einvoicing`: the ISP's own fiscal data, all of it at once. */
export const einvoicingSettingsBody = z.strictObject({
  vatNumber: fiscalCode(13, (v) => (v.startsWith('IT') ? vatNumberProblem(v) : 'must be an Italian VAT number, IT and 11 digits')),
  taxCode: z.optional(fiscalCode(16, codiceFiscaleProblem)),
  name: oneLine(80),
  regimeFiscale: z.enum(REGIMI_FISCALI),
  address: postalAddress,
  rea: z.optional(
    z.strictObject({
      office: fiscalCode(2, provinciaProblem),
      number: z.string().check(z.regex(/^[\x20-\x7e]{1,20}$/, 'must be 1–20 plain characters')),
      shareCapitalCents: z.optional(z.int().check(z.minimum(0), z.maximum(1e13))),
      soleShareholder: z.optional(z.enum(['SU', 'SM'])),
      liquidation: z.enum(['LN', 'LS']),
    }),
  ),
  iban: fiscalCode(34, ibanProblem),
  transmitterId: z.string().check(z.regex(/^[A-Z]{2}[0-9A-Z]{1,28}$/, 'must be a country code and a code, such as IT01234567897')),
  series: z.string().check(z.regex(/^[A-Z0-9]{1,5}$/, 'must be 1–5 capital letters or digits')),
});

/**
 * `PATCH /admin/customers/{id}` as the admin's form sends it: the fiscal fields above and the account's
 * name, billing email and locale (these three are never removed: no null). The hourly rate is not here:
 * it moves with the free bucket's rate in the ledger, on its own route.
 */
export const updateCustomerBody = z.extend(customerFiscalBody, {
  name: z.optional(oneLine(200)),
  billingEmail: z.optional(z.email().check(z.maxLength(254))),
  locale: z.optional(z.enum(LOCALES)),
});
