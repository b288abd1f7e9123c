import type { CustomerFiscalData } from '../einvoicing/fiscal-data';
import { documentLine } from '../einvoicing/lines';
import { invalid } from '../errors';
import type { LedgerEntry } from '../ledger/ledger';
import { BUSINESS_TIME_ZONE, endOfLastClosedMonth, romeMonthStart } from '../periods';

/**
 * Invoice exports: every billable ledger entry (consuntivo work and its credits, package purchases) goes
 * into exactly one export, and an export never changes once written. Nothing is written per entry.
 *
 * Billable entries are immutable, and each has a position pos(e) = `<at>#<entry id>` (`positionOf`) in
 * one ordered index, where `at` is the commit time of the write. Positions are strings of one ISO format,
 * so they are totally ordered. An export X covers a range of positions (from(X), through(X)], where
 * through(X) is its `through` instant as an ISO string: a position above every entry with at < through
 * and below every other (`throughPosition`). Let X_1 … X_n be the exports in commit order, f_k = from(X_k)
 * (⊥, below every position, for the first), t_k = through(X_k), B the billable entries. Then:
 *
 *   X1 chain      f_1 = ⊥, f_(k+1) = t_k and f_k < t_k: each export starts where the one before ended
 *                 (`nextRange`; the head item holds t_n, and X_(n+1) is committed only under the
 *                 condition head.latestThrough = f_(n+1), so two exports never start at the same place)
 *   X2 partition  the ranges (f_k, t_k] are disjoint and their union is (⊥, t_n], so every position
 *                 p ≤ t_n lies in exactly one of them (`exportHolding`), and none above t_n does
 *   X3 exact      lines(X_k) = {e ∈ B : f_k < pos(e) ≤ t_k}, provided the index holds every such entry
 *                 when X_k is read: t_k ≤ now − INDEX_LAG (`resolveThrough`), an entry's `at` is its
 *                 commit time, and the index catches up within INDEX_LAG
 *   X4 once       by X2 and X3, ∀e ∈ B with pos(e) ≤ t_n: Σ_k |{e} ∩ lines(X_k)| = 1; an entry
 *                 committed later lies above t_n and goes into the first export whose through passes it
 *
 * How they hold (DynamoDB, `adapters/dynamodb/export-store.ts`):
 * - A run reads the head (`EXPORTS/HEAD`: latestThrough = t_n, latestId), and if its `through` is not
 *   above t_n answers 200 with the latest export.
 * - It queries the range page by page from the index (never a Scan), streaming the lines into the CSV
 *   and JSON uploads. If the range is empty and an export exists, it answers 200 with the latest
 *   (no duplicate, nothing written); the very first export is made even when empty, so the answer always
 *   names one.
 * - It commits with ONE TransactWriteItems: the immutable record (attribute_not_exists) and the head
 *   (latestThrough = :from, or attribute_not_exists for the first). A run that loses that condition to
 *   a concurrent one writes nothing and answers 200 with the winner's export; its files, under its own
 *   id, are never referenced.
 *
 * A credit (a give-back of consuntivo) names what it corrects: the exports holding the positions of its
 * ticket's earlier consume entries (`exportHolding` over the list of exports, which is short).
 */

/** How long the index may lag a commit (GSI reads are eventually consistent): `through` must be older. */
export const INDEX_LAG_MS = 5 * 60_000;

/** An entry's position in the billable index. */
export const positionOf = (e: { at: string; id: string }): string => `${e.at}#${e.id}`;

/** The position an export with this `through` (ISO instant, exclusive in time) reaches: every entry with at < through is at or below it. */
export const throughPosition = (through: string): string => through;

/** A range of positions (from, through]; `from` absent means from the start. */
export interface ExportRange {
  from?: string;
  through: string;
}

/** Whether a position lies in (from, through]. */
export const inRange = (position: string, range: ExportRange): boolean =>
  (range.from === undefined || range.from < position) && position <= throughPosition(range.through);

/**
 * The range the next export covers (X1): from the latest export's through to the requested one; none
 * when the request does not go past the latest (then the latest is the answer).
 */
export function nextRange(head: { latestThrough?: string }, through: string): ExportRange | undefined {
  if (head.latestThrough === undefined) return { through };
  if (throughPosition(through) <= throughPosition(head.latestThrough)) return undefined;
  return { from: head.latestThrough, through };
}

/** The export whose range holds a position (X2), if any has reached it. */
export function exportHolding(position: string, exports: readonly (ExportRange & { id: string })[]): string | undefined {
  return exports.find((x) => inRange(position, x))?.id;
}

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

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const romeHour = new Intl.DateTimeFormat('en-GB', { timeZone: BUSINESS_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });

/** 00:00 Europe/Rome on a calendar day. */
export function romeDayStart(year: number, month: number, day: number): Date {
  let t = romeMonthStart({ year, month }).getTime() + (day - 1) * 86_400_000;
  // A DST change earlier in the month moves local midnight by an hour.
  const h = Number(romeHour.format(new Date(t)));
  if (h === 23) t += 3_600_000;
  else if (h === 1) t -= 3_600_000;
  return new Date(t);
}

/**
 * The export's `through` (exclusive): the given instant, a bare date meaning 00:00 in Rome that day, or
 * by default the end of the last closed Rome month. Not a date, in the future, or less than INDEX_LAG_MS
 * ago (the index may not hold every entry before it yet, X3) → 400. The default and the 02:00 schedule
 * are hours past it.
 */
export function resolveThrough(input: string | undefined, now: Date): Date {
  const bad = (message: string) => invalid(`through ${message}`, [{ path: 'through', message }]);
  const settled = (at: Date) => {
    if (at.getTime() > now.getTime() - INDEX_LAG_MS) throw bad(`must be at least ${INDEX_LAG_MS / 60_000} minutes in the past (entries may not be indexed yet)`);
    return at;
  };
  if (input === undefined) return settled(endOfLastClosedMonth(now));
  const m = ISO.exec(input);
  const at = m && input.length === 10 ? romeDayStart(Number(m[1]), Number(m[2]), Number(m[3])) : new Date(input);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const realDay = new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d && mo >= 1 && mo <= 12;
  if (!m || !realDay || Number.isNaN(at.getTime())) throw bad('must be an ISO 8601 date or date-time');
  if (at.getTime() > now.getTime()) throw bad('must not lie in the future');
  return settled(at);
}

/** Where an export's files are, with the SHA-256 of each (hex) as written. */
export interface ExportFile {
  key: string;
  sha256: string;
  bytes: number;
}

/** The immutable record of a finished export. */
export interface ExportRecord {
  id: string;
  /** The previous export's `through`: this one holds the positions in (from, through]; absent on the first. */
  from?: string;
  /** Exclusive in time: the export holds entries with at < through (and above `from`). */
  through: string;
  createdAt: string;
  /** Entry lines (total rows not counted). */
  lineCount: number;
  totalAmountCents: number;
  totalVatCents: number;
  csv: ExportFile;
  json: ExportFile;
  /** The FatturaPA drafts (absent on exports made before them). */
  drafts?: ExportDrafts;
}

/** What an export's drafts add up to, and where their list and ZIP are (`core/einvoicing/`). */
export interface ExportDrafts {
  /** Documents written (TD01 and TD04). */
  documentCount: number;
  /** Documents not written for want of fiscal data (the list says which fields). */
  missingCount: number;
  /** Σ TD01 − Σ TD04: net, VAT and total, in cents. */
  netCents: number;
  vatCents: number;
  totalCents: number;
  /** The numbers taken: `series/year/first…last` (none when no document was written). */
  numbers?: { series: string; year: number; first: number; last: number };
  /** The list (JSON): per account, its documents or what is missing. */
  manifest: ExportFile;
  /** Every document of the export in one ZIP (absent when there are none). */
  zip?: ExportFile;
}

/** docs/api.md's list item. */
export const exportSummary = (r: ExportRecord) => ({
  id: r.id,
  ...(r.from !== undefined ? { from: r.from } : {}),
  through: r.through,
  createdAt: r.createdAt,
  lineCount: r.lineCount,
  totalAmountCents: r.totalAmountCents,
  totalVatCents: r.totalVatCents,
  csv: { sha256: r.csv.sha256, bytes: r.csv.bytes },
  json: { sha256: r.json.sha256, bytes: r.json.bytes },
  ...(r.drafts
    ? {
        drafts: {
          documentCount: r.drafts.documentCount,
          missingCount: r.drafts.missingCount,
          netCents: r.drafts.netCents,
          vatCents: r.drafts.vatCents,
          totalCents: r.drafts.totalCents,
          ...(r.drafts.numbers ? { numbers: r.drafts.numbers } : {}),
        },
      }
    : {}),
});
