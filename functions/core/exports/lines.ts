import type { CustomerFiscalData } from '../einvoicing/fiscal-data';
import { documentLine } from '../einvoicing/lines';
import type { LedgerEntry } from '../ledger/ledger';

/** An export's lines: one per billable entry, numbered and totalled per account (`exports.ts` states what an export holds). */
/** The VAT rate the exports show; amounts are net of it. */
export const VAT_RATE_PERCENT = 22;

/**
 * VAT on a net amount in whole cents: a·r/100 rounded to the nearest cent, halves away from zero:
 * sign(a)·⌊(|a|·r + 50)/100⌋. Symmetric, so a credit's VAT is exactly minus the charge's. A line's
 * `vatCents` is its share; an account's total VAT is computed once per document on the summed base, as
 * the invoice draft (and SDI) computes it: vat(Σ charges) + vat(Σ credits) (`LineNumberer`).
 */
export function vatCents(amountCents: number, ratePercent = VAT_RATE_PERCENT): number {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amount must be whole cents, got ${amountCents}`);
  const abs = Math.floor((Math.abs(amountCents) * ratePercent + 50) / 100);
  return amountCents < 0 ? 0 - abs : abs;
}

export type LineKind = 'consuntivo' | 'purchase' | 'credit' | 'account_total' | 'total';

/** One row of an export: the CSV's row and the JSON's `lines` item alike. Money in cents, net of VAT. */
export interface ExportLine {
  exportId: string;
  line: number;
  kind: LineKind;
  customerId: string;
  account: string;
  vatNumber: string;
  /** The entry's time (ISO, UTC). */
  date: string;
  ticketNumber: string;
  category: string;
  entryId: string;
  packageId: string;
  orderId: string;
  /** Billed minutes: negative on a credit. */
  minutes: number;
  hourlyRateCents: number;
  amountCents: number;
  vatRatePercent: number;
  vatCents: number;
  grossCents: number;
  /** Credits: the export(s) that billed what this line corrects. */
  corrects: string;
  /** What the invoice line says (Italian, Latin-1), for a finance tool without XML import. */
  description: string;
  /** Billed hours as a decimal string with 2–8 decimals (negative on a credit): `unitPrice × quantityHours` is the amount within a cent. */
  quantityHours: string;
  /** EUR per hour (per package for a purchase) as a decimal string, net of VAT. */
  unitPrice: string;
  /** The invoice draft that holds the line: TD01 (invoice) or TD04 (credit note); empty when the account has none. */
  documentType: string;
  documentNumber: string;
}

/** The CSV header, in column order. */
export const LINE_COLUMNS = [
  'exportId',
  'line',
  'kind',
  'customerId',
  'account',
  'vatNumber',
  'date',
  'ticketNumber',
  'category',
  'entryId',
  'packageId',
  'orderId',
  'minutes',
  'hourlyRateCents',
  'amountCents',
  'vatRatePercent',
  'vatCents',
  'grossCents',
  'corrects',
  'description',
  'quantityHours',
  'unitPrice',
  'documentType',
  'documentNumber',
] as const satisfies readonly (keyof ExportLine)[];

/**
 * A text cell as a spreadsheet may read it safely (OWASP "CSV injection"): one that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be taken for a formula, so it gets a leading `'`. Only text
 * is touched: numbers (a credit's negative minutes and cents) stay numbers. The JSON file keeps the text
 * as it is.
 */
export const csvSafeText = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Columns that hold decimal numbers written as text by us (never by a user): a spreadsheet reads them as numbers. */
export const DECIMAL_COLUMNS: ReadonlySet<string> = new Set<keyof ExportLine>(['quantityHours', 'unitPrice']);

/** What a line shows beside its entry: the account, the ticket, and what a credit corrects. */
export interface LineContext {
  account?: { name: string; vatNumber?: string; fiscal?: CustomerFiscalData };
  ticket?: { number: string; category: string };
  /** Export ids that billed the ticket's consuntivo before (credits only). */
  corrects?: readonly string[];
}

export const isBillableEntry = (e: Pick<LedgerEntry, 'bucket' | 'reason'>): boolean => e.bucket === 'consuntivo' || e.reason === 'purchase';

/** The hourly price of a package line: priceCents·60/minutes, halves up. */
const hourlyOf = (priceCents: number, minutes: number) => (minutes > 0 ? Math.floor((2 * priceCents * 60 + minutes) / (2 * minutes)) : 0);

/** The line of one billable entry (without its number; `LineNumberer` gives it). */
export function lineOf(exportId: string, e: LedgerEntry, ctx: LineContext): Omit<ExportLine, 'line'> {
  if (!isBillableEntry(e)) throw new RangeError(`entry ${e.id} (${e.bucket}/${e.reason}) is not billable`);
  const purchase = e.reason === 'purchase';
  const amount = purchase ? e.priceCents ?? 0 : e.amountCents ?? 0;
  const minutes = purchase ? e.minutes : -e.minutes;
  const vat = vatCents(amount);
  const kind = purchase ? 'purchase' : amount < 0 || minutes < 0 ? 'credit' : 'consuntivo';
  const hourlyRateCents = purchase ? hourlyOf(amount, e.minutes) : e.hourlyRateCents ?? 0;
  const ticket = { ticketNumber: ctx.ticket?.number ?? '', category: ctx.ticket?.category ?? '' };
  const shown = documentLine({ kind, date: e.at, ...ticket, minutes, hourlyRateCents, amountCents: amount, vatRatePercent: VAT_RATE_PERCENT, corrects: [] }, 1);
  return {
    exportId,
    kind,
    customerId: e.customerId,
    account: ctx.account?.name ?? '',
    vatNumber: ctx.account?.vatNumber ?? '',
    date: e.at,
    ...ticket,
    entryId: e.id,
    packageId: e.packageId ?? '',
    orderId: e.orderId ?? '',
    minutes,
    hourlyRateCents,
    amountCents: amount,
    vatRatePercent: VAT_RATE_PERCENT,
    vatCents: vat,
    grossCents: amount + vat,
    corrects: (ctx.corrects ?? []).join(' '),
    description: shown.description,
    quantityHours: kind === 'credit' && shown.quantity !== '0.00' ? `-${shown.quantity}` : shown.quantity,
    unitPrice: shown.price,
    documentType: '',
    documentNumber: '',
  };
}

export interface ExportTotals {
  lineCount: number;
  minutes: number;
  amountCents: number;
  vatCents: number;
}

const zero = (): ExportTotals => ({ lineCount: 0, minutes: 0, amountCents: 0, vatCents: 0 });

/**
 * Numbers the lines as they stream by (ordered by position, so accounts interleave) and keeps a running
 * total per account in a Map: memory grows with the number of accounts (1,000 is a few hundred KB), not
 * with the lines. `finish` gives an `account_total` row per account (by customer id) and the overall
 * `total` at the end. Net amounts are the sums of the lines; VAT is computed once per document on its
 * summed base, as the drafts do: vat(Σ charges) + vat(Σ credits), and the overall VAT is the sum of the
 * accounts'. So an account's total is its TD01 minus its TD04 to the cent.
 */
export class LineNumberer {
  private n = 0;
  private readonly accounts = new Map<string, { customerId: string; account: string; vatNumber: string; sums: ExportTotals; chargesCents: number; creditsCents: number }>();
  readonly overall: ExportTotals = zero();

  constructor(private readonly exportId: string) {}

  push(line: Omit<ExportLine, 'line'>): ExportLine {
    let account = this.accounts.get(line.customerId);
    if (!account) {
      account = { customerId: line.customerId, account: line.account, vatNumber: line.vatNumber, sums: zero(), chargesCents: 0, creditsCents: 0 };
      this.accounts.set(line.customerId, account);
    }
    if (line.kind === 'credit') account.creditsCents += line.amountCents;
    else account.chargesCents += line.amountCents;
    for (const sums of [account.sums, this.overall]) {
      sums.lineCount += 1;
      sums.minutes += line.minutes;
      sums.amountCents += line.amountCents;
    }
    account.sums.vatCents = vatCents(account.chargesCents) + vatCents(account.creditsCents);
    return { ...line, line: ++this.n };
  }

  finish(): ExportLine[] {
    this.overall.vatCents = [...this.accounts.values()].reduce((s, a) => s + a.sums.vatCents, 0);
    const out = [...this.accounts.values()]
      .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0))
      .map((a) => this.totalRow('account_total', a, a.sums));
    out.push(this.totalRow('total', { customerId: '', account: '', vatNumber: '' }, this.overall));
    return out;
  }

  private totalRow(kind: 'account_total' | 'total', who: { customerId: string; account: string; vatNumber: string }, s: ExportTotals): ExportLine {
    return {
      exportId: this.exportId,
      line: ++this.n,
      kind,
      customerId: who.customerId,
      account: who.account,
      vatNumber: who.vatNumber,
      date: '',
      ticketNumber: '',
      category: '',
      entryId: '',
      packageId: '',
      orderId: '',
      minutes: s.minutes,
      hourlyRateCents: 0,
      amountCents: s.amountCents,
      vatRatePercent: VAT_RATE_PERCENT,
      vatCents: s.vatCents,
      grossCents: s.amountCents + s.vatCents,
      corrects: '',
      description: '',
      quantityHours: '',
      unitPrice: '',
      documentType: '',
      documentNumber: '',
    };
  }
}
