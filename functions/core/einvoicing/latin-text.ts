/**
 * FatturaPA text fields accept Basic Latin and Latin-1 only (`[\p{IsBasicLatin}\p{IsLatin-1Supplement}]`),
 * and XML 1.0 refuses most control characters: `latinText` maps what it can (the euro sign, curly quotes,
 * dashes, the ellipsis, letters with accents Latin-1 lacks) to its nearest Latin-1 spelling and replaces
 * anything else (other scripts, emoji) with `?`, so nothing is dropped silently and every draft validates.
 */
const NAMED: Record<string, string> = {
  '€': 'EUR',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '″': '"',
  '–': '-',
  '—': '-',
  '―': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
  '…': '...',
  '•': '-',
  'Œ': 'OE',
  'œ': 'oe',
  'Ł': 'L',
  'ł': 'l',
  'Đ': 'D',
  'đ': 'd',
  'ı': 'i',
  'ß': 'ss',
  '™': '(TM)',
};

const isLatin1Printable = (code: number) => (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);

/** One character as Latin-1 text: itself, a named mapping, its base letter without accents, or `?`. */
function latinChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (isLatin1Printable(code)) return ch;
  // Tabs, newlines and every other kind of space become one plain space.
  if (/\s/u.test(ch)) return ' ';
  if (/\p{Cc}|\p{Cf}/u.test(ch)) return '';
  const named = NAMED[ch];
  if (named !== undefined) return named;
  // A letter Latin-1 lacks (ř, ș, ő…): compose what Latin-1 has (é stays é), else strip the accents.
  const composed = ch.normalize('NFC');
  if (composed.length === 1 && isLatin1Printable(composed.codePointAt(0)!)) return composed;
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
  if (base && [...base].every((c) => isLatin1Printable(c.codePointAt(0)!))) return base;
  return '?';
}

/**
 * Text as a FatturaPA field takes it: Latin-1, one line, spaces collapsed, trimmed, at most `max`
 * characters (a field that overflows is cut, never refused). Empty input gives an empty string.
 */
export function latinText(input: string, max: number): string {
  let out = '';
  for (const ch of input.normalize('NFC')) out += latinChar(ch);
  out = out.replace(/ {2,}/g, ' ').trim();
  // Text made only of invisible characters still says something was there.
  if (!out && input.trim()) out = '?';
  return out.length > max ? out.slice(0, max).trimEnd() : out;
}

/** Whether text is already what a Latin field accepts (the check the XSD makes, plus XML's). */
export const isLatinText = (text: string): boolean => [...text].every((c) => isLatin1Printable(c.codePointAt(0)!));
