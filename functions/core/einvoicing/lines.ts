import { CATEGORIES } from '../tickets/categories';
import { BUSINESS_TIME_ZONE } from '../periods';
import { centsToDecimal, lineWithinCent, minutesToHours } from './amounts';
import { latinText } from './latin-text';

/**
 * One billed line as an invoice shows it (description, hours, unit price, total), shared by the drafts
 * and by the export's CSV/JSON columns, so both say the same.
 */
/** An export line as a draft needs it (charges and credits alike). */
export interface DraftLine {
  kind: 'consuntivo' | 'purchase' | 'credit';
  /** ISO instant of the ledger entry. */
  date: string;
  ticketNumber: string;
  category: string;
  /** Billed minutes (negative on a credit). */
  minutes: number;
  hourlyRateCents: number;
  /** Net, in cents (negative on a credit). */
  amountCents: number;
  vatRatePercent: number;
  /** Credits: the exports that billed what this line corrects. */
  corrects: readonly string[];
}

export interface DocumentLine {
  number: number;
  description: string;
  quantity: string;
  unit?: string;
  price: string;
  total: string;
  totalCents: number;
  vatRatePercent: number;
}

const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** The Europe/Rome calendar day of an instant, YYYY-MM-DD. */
export const romeDate = (instant: Date | string): string => romeDay.format(new Date(instant));

/**
 * `romeDate` of an ISO instant, remembered by its UTC hour (Rome's offset is whole hours, so every
 * instant of that hour has the same Rome day): an export formats 100,000 dates of a few hundred hours.
 */
const daysByHour = new Map<string, string>();
function romeDayOf(iso: string): string {
  const hour = iso.slice(0, 13);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}$/.test(hour) || !iso.endsWith('Z')) return romeDate(iso);
  let day = daysByHour.get(hour);
  if (day === undefined) {
    if (daysByHour.size > 50_000) daysByHour.clear();
    daysByHour.set(hour, (day = romeDate(iso)));
  }
  return day;
}

const LABELS = new Map<string, string>(CATEGORIES.map((c) => [c.id, c.label.it]));
const categoryLabel = (id: string): string => LABELS.get(id) ?? id;

/** What a line says, in Italian (the invoice's language), before it is reduced to Latin-1. */
function describe(line: DraftLine): string {
  const day = romeDayOf(line.date);
  const hours = minutesToHours(Math.abs(line.minutes));
  if (line.kind === 'purchase') return `Pacchetto prepagato di ${hours.replace(/\.?0+$/, '')} ore di assistenza, acquistato il ${day}`;
  const what = `ticket ${line.ticketNumber || '-'}${line.category ? ` (${categoryLabel(line.category)})` : ''} del ${day}`;
  return line.kind === 'credit' ? `Storno assistenza a consuntivo, ${what}` : `Assistenza a consuntivo, ${what}`;
}

/** `|numerator| / denominator` with 8 decimals, rounded half up. */
function eightDecimals(numerator: bigint, denominator: bigint): string {
  const scaled = (numerator * 10n ** 8n * 2n + denominator) / (2n * denominator);
  const s = scaled.toString().padStart(9, '0');
  return `${s.slice(0, -8)}.${s.slice(-8)}`;
}

/** D1: quantity in hours at the hourly rate; where the rate does not give the total within a cent (a rounded give-back), the unit price is total ÷ hours. */
export function documentLine(line: DraftLine, number: number): DocumentLine {
  const totalCents = Math.abs(line.amountCents);
  const total = centsToDecimal(totalCents);
  const description = latinText(describe(line), 1000);
  if (line.kind === 'purchase' || line.minutes === 0) {
    return { number, description, quantity: '1.00', unit: line.kind === 'purchase' ? 'pacchetto' : undefined, price: total, total, totalCents, vatRatePercent: line.vatRatePercent };
  }
  const minutes = Math.abs(line.minutes);
  const quantity = minutesToHours(minutes);
  let price = centsToDecimal(line.hourlyRateCents);
  if (!lineWithinCent(price, quantity, totalCents)) price = eightDecimals(BigInt(totalCents) * 60n, BigInt(minutes) * 100n);
  return { number, description, quantity, unit: 'ore', price, total, totalCents, vatRatePercent: line.vatRatePercent };
}

