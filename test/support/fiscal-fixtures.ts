import fc from 'fast-check';
import { codiceFiscaleCheckLetter } from '../../functions/core/einvoicing/fiscal-codes';
import type { CustomerFiscalData, SupplierFiscalData } from '../../functions/core/einvoicing/fiscal-data';

/** Valid fiscal data for tests: identifiers built with their real check digits. */

/** The partita IVA whose first ten digits are these. */
export function partitaIva(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(first10[i]);
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return `${first10}${(10 - (sum % 10)) % 10}`;
}

export const arbPartitaIva = fc.stringMatching(/^[0-9]{10}$/).filter((s) => s !== '0000000000').map(partitaIva);

/** A person's codice fiscale (check letter computed), optionally with omocodia substitutions. */
export const arbCodiceFiscale = fc
  .record({
    letters: fc.stringMatching(/^[A-Z]{6}$/),
    year: fc.integer({ min: 0, max: 99 }),
    month: fc.constantFrom(...'ABCDEHLMPRST'),
    day: fc.integer({ min: 1, max: 31 }),
    female: fc.boolean(),
    comune: fc.stringMatching(/^[A-Z][0-9]{3}$/),
    omocodia: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  })
  .map(({ letters, year, month, day, female, comune, omocodia }) => {
    const chars = [...`${letters}${String(year).padStart(2, '0')}${month}${String(day + (female ? 40 : 0)).padStart(2, '0')}${comune}`];
    [6, 7, 9, 10, 12, 13, 14].forEach((pos, i) => {
      if (omocodia[i]) chars[pos] = 'LMNPQRSTUV'[Number(chars[pos])]!;
    });
    const first15 = chars.join('');
    return first15 + codiceFiscaleCheckLetter(first15);
  });

export const SUPPLIER: SupplierFiscalData = {
  vatNumber: 'IT01234567897',
  taxCode: '01234567897',
  name: 'Monteore Rete S.r.l.',
  regimeFiscale: 'RF01',
  address: { street: 'Via dei Mille', number: '12', cap: '20121', comune: 'Milano', provincia: 'MI', country: 'IT' },
  rea: { office: 'MI', number: 'MI-1234567', shareCapitalCents: 1_000_000, soleShareholder: 'SM', liquidation: 'LN' },
  iban: 'IT60X0542811101000000123456',
  transmitterId: 'IT01234567897',
  series: 'FE',
};

/** Text as people type it: accents, Latin-1, typographic marks, other scripts, emoji. */
export const arbHumanText = (max: number) =>
  fc
    .array(fc.constantFrom(...'abcXYZ àèéìòùÀÉ çñüöß €’“”–—… ł ř ș Ω Ж 中文 🙂 & < > " \' \t'.split(' '), 'Rossi', ' ', '0', '9'), { minLength: 1, maxLength: max })
    .map((parts) => parts.join(''))
    .filter((s) => s.trim().length > 0);

export const arbCustomer: fc.Arbitrary<CustomerFiscalData & { vatNumber?: string }> = fc.oneof(
  fc.record({
    subjectType: fc.constantFrom('company' as const, 'individual_vat' as const),
    legalName: arbHumanText(30),
    vatNumber: arbPartitaIva.map((p) => `IT${p}`),
    address: fc.record({ street: arbHumanText(20), number: fc.constantFrom('1', '12/B', 'snc'), cap: fc.stringMatching(/^[0-9]{5}$/), comune: arbHumanText(10), provincia: fc.constantFrom('MI', 'RM', 'TO', 'NA'), country: fc.constant('IT') }),
    recipientCode: fc.stringMatching(/^[A-Z0-9]{7}$/).filter((c) => c !== '0000000'),
    paymentTermsDays: fc.integer({ min: 0, max: 120 }),
  }),
  fc.record({
    subjectType: fc.constant('consumer' as const),
    legalName: arbHumanText(30),
    taxCode: arbCodiceFiscale,
    address: fc.record({ street: arbHumanText(20), cap: fc.stringMatching(/^[0-9]{5}$/), comune: arbHumanText(10), provincia: fc.constantFrom('BO', 'FI'), country: fc.constant('IT') }),
  }),
  fc.record({
    subjectType: fc.constant('company' as const),
    legalName: arbHumanText(30),
    vatNumber: arbPartitaIva.map((p) => `IT${p}`),
    address: fc.record({ street: arbHumanText(20), cap: fc.stringMatching(/^[0-9]{5}$/), comune: arbHumanText(10), provincia: fc.constantFrom('VE'), country: fc.constant('IT') }),
    recipientCode: fc.constant('0000000'),
    pec: fc.constant('fatture@pec.cliente.example'),
  }),
);
