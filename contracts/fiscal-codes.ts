/**
 * The checks of Italian fiscal identifiers, as the Agenzia delle Entrate defines them. Each returns
 * undefined when the value is right, or what is wrong with it in plain words (the message a 400 carries).
 */

/** Partita IVA: 11 digits, the last a Luhn-style check digit over the first ten. */
export function partitaIvaProblem(digits: string): string | undefined {
  if (!/^\d{11}$/.test(digits)) return 'must be 11 digits';
  if (digits === '00000000000') return 'is not a real VAT number';
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(digits[i]);
    // Odd positions (1st, 3rd…) count as they are, even ones doubled with their digits summed.
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[10]) ? undefined : 'has a wrong check digit';
}

/**
 * A VAT number as it goes in `IdFiscaleIVA`: country code + code. Italian ones are `IT` + a valid
 * partita IVA; other EU/foreign ones only need their shape (2 letters, 2–28 letters or digits).
 */
export function vatNumberProblem(value: string): string | undefined {
  if (!/^[A-Z]{2}[0-9A-Z]{2,28}$/.test(value)) return 'must be a country code and the number, such as IT01234567897';
  if (value.startsWith('IT')) {
    const problem = partitaIvaProblem(value.slice(2));
    return problem ? `IT VAT number ${problem}` : undefined;
  }
  return undefined;
}

const ODD: Record<string, number> = Object.fromEntries(
  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23].flatMap((v, i) => {
    const letter = String.fromCharCode(65 + i);
    return i < 10 ? [[letter, v], [String(i), v]] : [[letter, v]];
  }),
);
const evenValue = (c: string) => (c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 65);

/** Omocodia: a digit of a personal code may be replaced by one of these letters (0 → L … 9 → V). */
const OMOCODIA = 'LMNPQRSTUV';
/** Where digits sit in a personal code (0-based): year, day, and the comune's number. */
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];

/**
 * Codice fiscale: either a company's 11 digits (the partita IVA's check) or a person's 16 characters
 * (surname, name, year, month, day+sex, comune, check letter), where omocodia may have replaced any of
 * the seven digits by a letter of LMNPQRSTUV. The check letter is computed over the code as written.
 */
export function codiceFiscaleProblem(value: string): string | undefined {
  if (/^\d{11}$/.test(value)) return partitaIvaProblem(value);
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(value)) {
    return 'must be 16 characters (6 letters, year, month letter, day, comune, check letter) or 11 digits';
  }
  const plain = [...value].map((c, i) => (DIGIT_POSITIONS.includes(i) && OMOCODIA.includes(c) ? String(OMOCODIA.indexOf(c)) : c)).join('');
  const day = Number(plain.slice(9, 11));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return 'has an impossible day of birth';
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[value[i]!]! : evenValue(value[i]!);
  return String.fromCharCode(65 + (sum % 26)) === value[15] ? undefined : 'has a wrong check letter';
}

/** The check letter a 15-character personal code needs (tests build valid codes with it). */
export function codiceFiscaleCheckLetter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[first15[i]!]! : evenValue(first15[i]!);
  return String.fromCharCode(65 + (sum % 26));
}

/**
 * CodiceDestinatario of a private recipient (FPR12): 7 letters or digits; `0000000` when the invoice
 * goes to a PEC or to the recipient's own area at the Agenzia, `XXXXXXX` for a foreign recipient.
 */
export const recipientCodeProblem = (value: string): string | undefined => (/^[A-Z0-9]{7}$/.test(value) ? undefined : 'must be 7 capital letters or digits');

/** A PEC address as the schema's EmailType takes it (plain ASCII, at most 256 characters). */
export const pecProblem = (value: string): string | undefined =>
  value.length <= 256 && /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value) ? undefined : 'must be an e-mail address';

/** CAP: 5 digits. */
export const capProblem = (value: string): string | undefined => (/^\d{5}$/.test(value) ? undefined : 'must be 5 digits');

/** The sigle of the Italian provinces (and the Sardinian ones SDI still accepts), plus EE for abroad. */
export const PROVINCE = new Set(
  ('AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CI CL CN CO CR CS CT CZ EE EN FC FE FG FI FM FR GE GO GR IM IS KR ' +
    'LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA NO NU OG OR OT PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC RE RG RI RM RN RO SA SI SO SP ' +
    'SR SS SU SV TA TE TN TO TP TR TS TV UD VA VB VC VE VI VR VS VT VV').split(' '),
);

export const provinciaProblem = (value: string): string | undefined => (PROVINCE.has(value) ? undefined : 'must be the two-letter code of an Italian province, such as MI');

/** Country: ISO 3166-1 alpha-2, capital letters. */
export const countryProblem = (value: string): string | undefined => (/^[A-Z]{2}$/.test(value) ? undefined : 'must be a two-letter country code, such as IT');

/** IBAN: its shape and its ISO 13616 mod-97 check. */
export function ibanProblem(value: string): string | undefined {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(value)) return 'must be an IBAN without spaces, such as IT60X0542811101000000123456';
  const moved = value.slice(4) + value.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const n = c >= 'A' ? c.charCodeAt(0) - 55 : Number(c);
    rest = n > 9 ? (rest * 100 + n) % 97 : (rest * 10 + n) % 97;
  }
  return rest === 1 ? undefined : 'has a wrong check';
}
