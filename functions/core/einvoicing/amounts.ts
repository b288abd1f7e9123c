/**
 * Money and quantities as FatturaPA writes them, from the integers the ledger keeps: cents become a
 * decimal string with 2 decimals (`Amount2DecimalType`), minutes become hours with 2–8 decimals
 * (`QuantitaType`). No floating point: every figure is computed with integers (BigInt where a product
 * could pass 2^53) and formatted from them.
 */

/** Whole cents as euros with two decimals: 12345 → "123.45", -5 → "-0.05". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be whole cents, got ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The fewest decimals (2–8) that write `numerator / denominator` exactly, or 8 when none does. */
function decimalsFor(numerator: bigint, denominator: bigint): number {
  for (let d = 2; d <= 8; d++) if ((numerator * 10n ** BigInt(d)) % denominator === 0n) return d;
  return 8;
}

/** A non-negative fraction as a decimal string with `decimals` places, rounded half up. */
function fixed(numerator: bigint, denominator: bigint, decimals: number): string {
  const scaled = (numerator * 10n ** BigInt(decimals) * 2n + denominator) / (2n * denominator);
  const s = scaled.toString().padStart(decimals + 1, '0');
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/**
 * Minutes as hours (`Quantita`): exact when 2–8 decimals can say it (90 → "1.50", 7 → "0.11666667" is
 * rounded at the 8th). The rounding is at most 5·10⁻⁹ h, so at any hourly price below 1,000,000.00 EUR
 * the price × quantity stays within half a cent of the exact value.
 */
export function minutesToHours(minutes: number): string {
  if (!Number.isSafeInteger(minutes) || minutes < 0) throw new RangeError(`minutes must be a whole non-negative number, got ${minutes}`);
  // Most work is whole quarters: hundredths of an hour, exactly, without BigInt.
  if ((minutes * 100) % 60 === 0 && minutes < 2 ** 40) {
    const hundredths = (minutes * 100) / 60;
    return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
  }
  const m = BigInt(minutes);
  return fixed(m, 60n, decimalsFor(m, 60n));
}

/** A percentage rate as `RateType` writes it: 22 → "22.00". */
export const ratePercent = (rate: number): string => `${rate}.00`;

/**
 * Whether `price × quantity` is within one cent of `totalCents` (SDI's check of a line), computed
 * exactly on the decimal strings.
 */
export function lineWithinCent(price: string, quantity: string, totalCents: number): boolean {
  const [p, pScale] = scaledOf(price);
  const [q, qScale] = scaledOf(quantity);
  const product = p * q; // scaled by 10^(pScale + qScale)
  const total = BigInt(totalCents) * 10n ** BigInt(pScale + qScale - 2);
  const diff = product > total ? product - total : total - product;
  return diff <= 10n ** BigInt(pScale + qScale - 2);
}

/** A decimal string as an integer and its number of decimals: "-1.50" → [-150n, 2]. */
export function scaledOf(decimal: string): [bigint, number] {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!m) throw new RangeError(`not a decimal: ${decimal}`);
  const frac = m[3] ?? '';
  const value = BigInt(`${m[2]}${frac}`);
  return [m[1] ? -value : value, frac.length];
}

/** A decimal string with exactly two decimals as whole cents: "-1.50" → -150. */
export function decimalToCents(decimal: string): number {
  const [value, scale] = scaledOf(decimal);
  if (scale !== 2) throw new RangeError(`expected two decimals: ${decimal}`);
  return Number(value);
}
