import { vatCents } from '../exports/lines';
import { lineWithinCent } from './amounts';
import { DEFAULT_PAYMENT_TERMS_DAYS, type CustomerFiscalData, type SupplierFiscalData } from './fiscal-data';
import { documentLine, type DocumentLine, type DraftLine } from './lines';

export { romeDate, type DocumentLine, type DraftLine } from './lines';

/**
 * One FatturaPA document (FPR12) as data, before it is XML: TD01 (invoice) for an account's charges in
 * an export, TD04 (credit note) for its credits. Every figure is computed here, once, from integer cents:
 *
 *   D1 line      total_i = |amountCents_i|; price_i × quantity_i is within one cent of total_i
 *   D2 base      base_r = Σ total_i over the lines at rate r
 *   D3 VAT       vat_r = round(base_r × r / 100), halves away from zero, once per rate (never Σ per line)
 *   D4 total     total = Σ_r (base_r + vat_r)
 *   D5 linked    a TD04 names, for each invoice it corrects, that invoice's number and date
 *
 * Amounts of a TD04 are positive: the document type says it is a credit.
 */
export type DocumentType = 'TD01' | 'TD04';

export interface LinkedInvoice {
  number: string;
  /** YYYY-MM-DD */
  date: string;
  /** The lines of this draft (1-based) that correct it. */
  lines: number[];
}

export interface DraftInput {
  type: DocumentType;
  number: string;
  /** YYYY-MM-DD */
  date: string;
  /** ProgressivoInvio, also the file name's progressive. */
  progressive: string;
  supplier: SupplierFiscalData;
  customer: CustomerFiscalData & { vatNumber?: string };
  lines: readonly DraftLine[];
  linked?: readonly LinkedInvoice[];
}

export interface Draft extends Omit<DraftInput, 'lines'> {
  fileName: string;
  lines: DocumentLine[];
  summary: { vatRatePercent: number; baseCents: number; vatCents: number }[];
  totalCents: number;
  /** TD01 only: bank transfer of the total by the due date. */
  payment?: { termsDays: number; dueDate: string; amountCents: number };
}

/** The largest DettaglioLinee numbers the schema allows. */
export const MAX_DRAFT_LINES = 9999;

/** YYYY-MM-DD plus whole days. */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The SDI file name: `IT<transmitter code>_<progressive>.xml` (the transmitter id already starts with its country). */
export const draftFileName = (transmitterId: string, progressive: string): string => `${transmitterId}_${progressive}.xml`;

/** The n-th file progressive (1-based) as SDI names files: 5 characters, base 36, capital letters. */
export function fileProgressive(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n >= 36 ** 5) throw new RangeError(`file progressive ${n} out of range`);
  return n.toString(36).toUpperCase().padStart(5, '0');
}

/** The n-th invoice number of a year in a series: `FE/2026/000001`. */
export const invoiceNumber = (series: string, year: number, n: number): string => `${series}/${year}/${String(n).padStart(6, '0')}`;

/** D2–D4 and the payment: the document from its lines. */
export function buildDraft(input: DraftInput): Draft {
  if (input.lines.length === 0 || input.lines.length > MAX_DRAFT_LINES) throw new RangeError(`a draft has 1–${MAX_DRAFT_LINES} lines, not ${input.lines.length}`);
  const lines = input.lines.map((l, i) => documentLine(l, i + 1));
  const bases = new Map<number, number>();
  for (const l of lines) bases.set(l.vatRatePercent, (bases.get(l.vatRatePercent) ?? 0) + l.totalCents);
  const summary = [...bases.entries()].sort(([a], [b]) => a - b).map(([rate, baseCents]) => ({ vatRatePercent: rate, baseCents, vatCents: vatCents(baseCents, rate) }));
  const totalCents = summary.reduce((s, r) => s + r.baseCents + r.vatCents, 0);
  const termsDays = input.customer.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS;
  return {
    ...input,
    fileName: draftFileName(input.supplier.transmitterId, input.progressive),
    lines,
    summary,
    totalCents,
    ...(input.type === 'TD01' ? { payment: { termsDays, dueDate: addDays(input.date, termsDays), amountCents: totalCents } } : {}),
  };
}

/** The draft's figures as SDI checks them (D1–D4), for tests and for a last check before a file is written. */
export function draftArithmeticProblems(d: Pick<Draft, 'lines' | 'summary' | 'totalCents'>): string[] {
  const out: string[] = [];
  for (const l of d.lines) if (!lineWithinCent(l.price, l.quantity, l.totalCents)) out.push(`line ${l.number}: ${l.price} × ${l.quantity} is not ${l.total} within a cent`);
  for (const r of d.summary) {
    const base = d.lines.filter((l) => l.vatRatePercent === r.vatRatePercent).reduce((s, l) => s + l.totalCents, 0);
    if (base !== r.baseCents) out.push(`rate ${r.vatRatePercent}: base ${r.baseCents} is not the sum of its lines ${base}`);
    if (r.vatCents !== vatCents(base, r.vatRatePercent)) out.push(`rate ${r.vatRatePercent}: VAT ${r.vatCents} is not ${base} × ${r.vatRatePercent}%`);
  }
  const total = d.summary.reduce((s, r) => s + r.baseCents + r.vatCents, 0);
  if (total !== d.totalCents) out.push(`total ${d.totalCents} is not base + VAT ${total}`);
  return out;
}

