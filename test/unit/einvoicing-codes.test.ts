import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents, lineWithinCent, minutesToHours } from '../../functions/core/einvoicing/amounts';
import { codiceFiscaleProblem, ibanProblem, partitaIvaProblem, recipientCodeProblem, vatNumberProblem } from '../../functions/core/einvoicing/fiscal-codes';
import { isLatinText, latinText } from '../../functions/core/einvoicing/latin-text';
import { arbCodiceFiscale, arbHumanText, arbPartitaIva } from '../support/fiscal-fixtures';

/**
 * Proves the fiscal building blocks of the FatturaPA drafts: the partita IVA and codice fiscale checks
 * (omocodia included) accept exactly the codes with the right check character; text becomes what the
 * schema's Latin fields accept; cents and minutes become the schema's decimals exactly.
 */
describe('partita IVA', () => {
  it('accepts real ones and refuses a wrong check digit', () => {
    expect(partitaIvaProblem('00488410010')).toBeUndefined();
    expect(partitaIvaProblem('01234567897')).toBeUndefined();
    expect(partitaIvaProblem('01234567890')).toMatch(/check digit/);
    expect(partitaIvaProblem('0123456789')).toMatch(/11 digits/);
    expect(vatNumberProblem('IT01234567897')).toBeUndefined();
    expect(vatNumberProblem('IT01234567890')).toMatch(/check digit/);
    expect(vatNumberProblem('DE123456789')).toBeUndefined();
    expect(vatNumberProblem('01234567897')).toMatch(/country code/);
  });

  it('of the ten check digits after any ten digits, exactly one is right', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/).filter((s) => s !== '0000000000'), (first10) => {
        const right = [...'0123456789'].filter((d) => partitaIvaProblem(first10 + d) === undefined);
        expect(right).toHaveLength(1);
      }),
    );
  });

  it('catches every single-digit typo', () => {
    fc.assert(
      fc.property(arbPartitaIva, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (p, i, delta) => {
        const typo = p.slice(0, i) + String((Number(p[i]) + delta) % 10) + p.slice(i + 1);
        expect(partitaIvaProblem(typo)).toBeDefined();
      }),
    );
  });
});

describe('codice fiscale', () => {
  it('accepts the textbook code and its omocodic form, refuses a wrong check letter', () => {
    expect(codiceFiscaleProblem('RSSMRA85T10A562S')).toBeUndefined();
    expect(codiceFiscaleProblem('RSSMRA85T10A56NH')).toBeUndefined();
    expect(codiceFiscaleProblem('RSSMRA85T10A562T')).toMatch(/check letter/);
    expect(codiceFiscaleProblem('RSSMRA85T99A562S')).toMatch(/day/);
    expect(codiceFiscaleProblem('00488410010')).toBeUndefined();
    expect(codiceFiscaleProblem('rssmra85t10a562s')).toMatch(/16 characters/);
  });

  it('accepts every code with its computed check letter (with any omocodia) and refuses the 25 other letters', () => {
    fc.assert(
      fc.property(arbCodiceFiscale, (cf) => {
        expect(codiceFiscaleProblem(cf)).toBeUndefined();
        const wrong = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((l) => l !== cf[15] && codiceFiscaleProblem(cf.slice(0, 15) + l) === undefined);
        expect(wrong).toEqual([]);
      }),
    );
  });
});

describe('other codes', () => {
  it('CodiceDestinatario is 7 capital letters or digits', () => {
    expect(recipientCodeProblem('ABC1234')).toBeUndefined();
    expect(recipientCodeProblem('0000000')).toBeUndefined();
    for (const bad of ['ABC123', 'ABC12345', 'abc1234', 'ABC-123']) expect(recipientCodeProblem(bad)).toBeDefined();
  });

  it('IBAN carries its mod-97 check', () => {
    expect(ibanProblem('IT60X0542811101000000123456')).toBeUndefined();
    expect(ibanProblem('GB82WEST12345698765432')).toBeUndefined();
    expect(ibanProblem('IT61X0542811101000000123456')).toMatch(/check/);
  });
});

describe('latinText', () => {
  it('spells typographic marks in Latin-1 and keeps Latin-1 letters', () => {
    expect(latinText('Canone “fibra” – 10 € … l’anno', 100)).toBe('Canone "fibra" - 10 EUR ... l\'anno');
    expect(latinText('Società Perù Ærø', 100)).toBe('Società Perù Ærø');
    expect(latinText('Łódź, Řeka, Șoseaua', 100)).toBe('Lódz, Reka, Soseaua');
    expect(latinText('Москва 北京 🙂', 100)).toBe('?????? ?? ?');
    expect(latinText('a\tb\n\nc', 100)).toBe('a b c');
    expect(latinText('\u200b', 10)).toBe('?');
  });

  it('always gives what a Latin field of that length accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), arbHumanText(40)), fc.integer({ min: 1, max: 80 }), (text, max) => {
        const out = latinText(text, max);
        expect(isLatinText(out)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).toBe(out.trim());
        if (text.trim()) expect(out.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('amounts', () => {
  it('writes cents as euros with two decimals and reads them back', () => {
    expect(centsToDecimal(12_345)).toBe('123.45');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(centsToDecimal(0)).toBe('0.00');
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), (c) => {
        expect(decimalToCents(centsToDecimal(c))).toBe(c);
      }),
    );
  });

  it('writes minutes as hours with 2–8 decimals, exact when it can be, within 5·10⁻⁹ h otherwise', () => {
    expect(minutesToHours(90)).toBe('1.50');
    expect(minutesToHours(45)).toBe('0.75');
    expect(minutesToHours(3)).toBe('0.05');
    expect(minutesToHours(7)).toBe('0.11666667');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (m) => {
        const q = minutesToHours(m);
        expect(q).toMatch(/^[0-9]{1,12}\.[0-9]{2,8}$/);
        const [int, frac] = q.split('.') as [string, string];
        // |q − m/60| ≤ 5·10⁻⁹, in integers: |q·10^d·60 − m·10^d| ≤ 60·10^d·5·10⁻⁹
        const scaled = BigInt(int + frac);
        const diff = scaled * 60n - BigInt(m) * 10n ** BigInt(frac.length);
        expect((diff < 0n ? -diff : diff) * 10n ** BigInt(9 - frac.length) * 2n).toBeLessThanOrEqual(600n);
      }),
    );
  });

  it('checks a line to the cent exactly', () => {
    expect(lineWithinCent('60.00', '0.11666667', 700)).toBe(true);
    expect(lineWithinCent('60.00', '1.50', 9001)).toBe(true);
    expect(lineWithinCent('60.00', '1.50', 9002)).toBe(false);
  });
});
