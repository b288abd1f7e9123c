import type { REGIMI_FISCALI, SubjectType } from '#contracts/vocabulary';
import { capProblem, codiceFiscaleProblem, countryProblem, ibanProblem, pecProblem, provinciaProblem, recipientCodeProblem, vatNumberProblem } from './fiscal-codes';

/**
 * The fiscal master data a FatturaPA draft needs: the customer's, kept on its account and set by an admin
 * (`PATCH /admin/customers/{id}`), and the ISP's own, a finance setting (`PUT /finance/einvoicing`).
 */
export { REGIMI_FISCALI, SUBJECT_TYPES, type SubjectType } from '#contracts/vocabulary';

export interface PostalAddress {
  street: string;
  /** NumeroCivico. */
  number?: string;
  cap: string;
  comune: string;
  /** Required in Italy. */
  provincia?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** What an account adds for e-invoicing; every field is optional until a draft needs it. */
export interface CustomerFiscalData {
  subjectType?: SubjectType;
  /** Denominazione: the name on the invoice. */
  legalName?: string;
  /** Codice fiscale: 16 characters for a person, 11 digits for a company. */
  taxCode?: string;
  address?: PostalAddress;
  /** CodiceDestinatario (7 characters), or `0000000` with a PEC. */
  recipientCode?: string;
  pec?: string;
  /** Days from the invoice date to the due date. @default 30 */
  paymentTermsDays?: number;
}

export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

/** The ISP's own data (CedentePrestatore and the transmitter), one finance setting. */
export interface SupplierFiscalData {
  /** IT + partita IVA. */
  vatNumber: string;
  taxCode?: string;
  name: string;
  regimeFiscale: (typeof REGIMI_FISCALI)[number];
  address: PostalAddress;
  rea?: { office: string; number: string; shareCapitalCents?: number; soleShareholder?: 'SU' | 'SM'; liquidation: 'LN' | 'LS' };
  /** Where customers pay (ModalitaPagamento MP05, bank transfer). */
  iban: string;
  /** IdTrasmittente: country + code of whoever transmits (the ISP or its intermediary); it names the files. */
  transmitterId: string;
  /** The invoice numbers' series: numbers are `<series>/<year>/<000001>`. */
  series: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** One reason a draft cannot be made: the field (dotted path) and what is wrong. */
export interface MissingField {
  field: string;
  problem: string;
}

const check = (out: MissingField[], field: string, value: string | undefined, problemOf: (v: string) => string | undefined) => {
  if (value === undefined || value === '') out.push({ field, problem: 'missing' });
  else {
    const problem = problemOf(value);
    if (problem) out.push({ field, problem });
  }
};

const addressProblems = (out: MissingField[], prefix: string, address: PostalAddress | undefined) => {
  if (!address) return void out.push({ field: `${prefix}address`, problem: 'missing' });
  check(out, `${prefix}address.street`, address.street, () => undefined);
  check(out, `${prefix}address.cap`, address.cap, capProblem);
  check(out, `${prefix}address.comune`, address.comune, () => undefined);
  check(out, `${prefix}address.country`, address.country, countryProblem);
  if (address.country === 'IT') check(out, `${prefix}address.provincia`, address.provincia, provinciaProblem);
};

/**
 * What keeps an account from getting a FatturaPA (FPR12) draft, field by field; empty when nothing does.
 * A company or a professional needs a VAT number; a consumer a codice fiscale; each an address and a
 * channel (CodiceDestinatario, or a PEC; a consumer without either gets `0000000`, its own area at the
 * Agenzia). A public administration needs FPA12, which is not built.
 */
export function customerDraftProblems(c: CustomerFiscalData & { vatNumber?: string }): MissingField[] {
  const out: MissingField[] = [];
  if (!c.subjectType) out.push({ field: 'subjectType', problem: 'missing' });
  else if (c.subjectType === 'public_administration') out.push({ field: 'subjectType', problem: 'a public administration is invoiced in FPA12, which is not built' });
  check(out, 'legalName', c.legalName, () => undefined);
  if (c.subjectType === 'consumer') check(out, 'taxCode', c.taxCode, codiceFiscaleProblem);
  else {
    check(out, 'vatNumber', c.vatNumber, vatNumberProblem);
    if (c.taxCode) check(out, 'taxCode', c.taxCode, codiceFiscaleProblem);
  }
  addressProblems(out, '', c.address);
  if (c.recipientCode) check(out, 'recipientCode', c.recipientCode, recipientCodeProblem);
  if (c.pec) check(out, 'pec', c.pec, pecProblem);
  if (c.subjectType !== 'consumer' && !c.pec && (!c.recipientCode || c.recipientCode === '0000000')) out.push({ field: 'recipientCode', problem: 'missing: a CodiceDestinatario or a PEC' });
  return out;
}

/** What keeps the ISP's own data from making drafts (nothing when it was set through its route). */
export function supplierDraftProblems(s: SupplierFiscalData | undefined): MissingField[] {
  if (!s) return [{ field: 'supplier', problem: 'missing: the ISP’s fiscal data is not set (PUT /finance/einvoicing)' }];
  const out: MissingField[] = [];
  check(out, 'supplier.vatNumber', s.vatNumber, (v) => (v.startsWith('IT') ? vatNumberProblem(v) : 'must be an Italian VAT number'));
  if (s.taxCode) check(out, 'supplier.taxCode', s.taxCode, codiceFiscaleProblem);
  check(out, 'supplier.name', s.name, () => undefined);
  check(out, 'supplier.iban', s.iban, ibanProblem);
  check(out, 'supplier.transmitterId', s.transmitterId, (v) => (/^[A-Z]{2}[0-9A-Z]{1,28}$/.test(v) ? undefined : 'must be a country code and a code'));
  check(out, 'supplier.series', s.series, (v) => (/^[A-Z0-9]{1,5}$/.test(v) ? undefined : 'must be 1–5 capital letters or digits'));
  addressProblems(out, 'supplier.', s.address);
  return out;
}
