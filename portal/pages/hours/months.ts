import type { BucketKind as Bucket } from '#contracts/vocabulary';
import type { LedgerEntry } from '../../api/hours';

/**
 * The hours page's arithmetic, pure (unit-tested): business months are Europe/Rome months, as on the
 * server (`functions/core/periods.ts`); minutes stay integers.
 */
const TZ = 'Europe/Rome';
const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function romeParts(at: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** A month key, `2026-11`. */
export type MonthKey = string;
export const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The Rome month an instant falls in. */
export function romeMonthOf(at: Date | string): MonthKey {
  const p = romeParts(typeof at === 'string' ? new Date(at) : at);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

export function addMonths(key: MonthKey, n: number): MonthKey {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The instant a Rome month starts (its 1st at 00:00 in Rome), as UTC ISO: what `/ledger?from=` takes. */
export function romeMonthStart(key: MonthKey): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, 1);
  // Rome's offset then (no clock change ever falls on a 1st at midnight).
  const p = romeParts(new Date(guess));
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return new Date(guess - (local - guess)).toISOString();
}

/** `2026-11-30 11:05`, Rome time: a spreadsheet sorts it, a person reads it. */
export function romeDateTime(iso: string): string {
  const p = romeParts(new Date(iso));
  const two = (n: number | undefined) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

export interface MonthDraw {
  month: MonthKey;
  free: number;
  package: number;
  consuntivo: number;
  total: number;
}

/**
 * Minutes drawn per month and bucket: tickets' consumption net of what was given back, in the month the
 * entry was written. Grants, purchases and expiries are not drawn by work, so they do not count.
 */
export function drawnByMonth(entries: readonly LedgerEntry[], months: readonly MonthKey[]): MonthDraw[] {
  const rows = new Map(months.map((month) => [month, { month, free: 0, package: 0, consuntivo: 0, total: 0 }]));
  for (const e of entries) {
    if (e.reason !== 'consume' && e.reason !== 'give_back') continue;
    const row = rows.get(romeMonthOf(e.at));
    if (!row) continue;
    row[e.bucket as Bucket] -= e.minutes;
    row.total -= e.minutes;
  }
  return [...rows.values()];
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export interface CsvLabels {
  header: readonly string[];
  reason: (r: LedgerEntry['reason']) => string;
  bucket: (b: Bucket) => string;
}

/**
 * The movements as CSV (RFC 4180, CRLF, UTF-8 with a BOM so spreadsheets read the accents), oldest first:
 * Rome date and time, Rome month, movement, bucket, package, signed minutes, ticket number, euro amount
 * net of VAT with a dot (`30.00`): machine-readable values under headers in the reader's language.
 */
export function ledgerCsv(entries: readonly LedgerEntry[], labels: CsvLabels): string {
  const rows = [...entries]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id.localeCompare(b.id)))
    .map((e) => {
      const cents = e.reason === 'purchase' ? e.priceCents : e.bucket === 'consuntivo' ? e.amountCents : undefined;
      return [
        romeDateTime(e.at),
        romeMonthOf(e.at),
        labels.reason(e.reason),
        labels.bucket(e.bucket),
        e.packageId ?? '',
        e.minutes,
        e.ticketNumber ?? e.ticketId ?? '',
        cents === undefined ? '' : (cents / 100).toFixed(2),
      ];
    });
  return `\uFEFF${[labels.header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
