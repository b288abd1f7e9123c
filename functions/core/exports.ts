import { invalid } from './errors';
import type { LedgerEntry } from './ledger';
import { BUSINESS_TIME_ZONE, endOfLastClosedMonth, romeMonthStart } from './periods';

/**
 * Invoice exports: every billable ledger entry (consuntivo work and its credits, package purchases) goes
 * into exactly one export, and an export never changes once written.
 *
 * Let B be the billable entries, X an export, stamp(e) the export id written on entry e (absent until
 * stamped), head.open the one export being built and head.stamped its counter, lines(X) the entry lines of
 * X's file. Then, at every moment:
 *
 *   X1 once      ∀e ∈ B: stamp(e) is written at most once (condition attribute_not_exists(exportId)), so
 *                e belongs to at most one export: Σ_X |{e} ∩ lines(X)| ≤ 1
 *   X2 exact     final(X) ⇒ lines(X) = {e ∈ B : stamp(e) = X}
 *   X3 eventual  ∀e ∈ B with e.at < through(X') for an export X' claimed after e was committed (and seen
 *                by the index): stamp(e) ≠ ∅ once X' is final — nothing before `through` is left behind
 *   X4 one       at most one export is open at a time, and two runs at the same moment build the same one
 *
 * How they hold (DynamoDB, `adapters/dynamodb/export-store.ts`):
 * - A run claims the head with `attribute_not_exists(openId)` (X4); a run that finds it taken helps build
 *   that same export instead of starting another, and answers 200 with it.
 * - Entries are read from the sparse "unexported, by date" index only (never a Scan). Each chunk of ≤ 99
 *   entries is stamped in one TransactWriteItems together with `ADD stamped :n` on the head, conditioned
 *   on head.open = X: so head.stamped = |{e : stamp(e) = X}| always, and nothing is stamped into X once
 *   it is final. Stamping moves the entry out of the unexported index into X's lines partition.
 * - The file is written from X's lines partition (under a key of its own per attempt), counting lines;
 *   it is finalised by one transaction that puts the immutable export record and closes the head,
 *   conditioned on head.open = X ∧ head.stamped = |lines in the file|. The file's lines are distinct
 *   stamped entries, so equal counts mean equal sets (X2). A stale index read (fewer lines) or a late
 *   helper's stamp (more) fails the condition; the run reads again and writes again.
 * - A run that dies anywhere leaves the head open; the next run resumes the same export (same id,
 *   through, createdAt), so an export is never half-made and never duplicated.
 */

/** The VAT rate the exports show; amounts are net of it. */
export const VAT_RATE_PERCENT = 22;

/**
 * VAT on a net amount in whole cents: a·r/100 rounded to the nearest cent, halves away from zero:
 * sign(a)·⌊(|a|·r + 50)/100⌋. Symmetric, so a credit's VAT is exactly minus the charge's. Totals are the
 * sums of the lines' VAT, so every total adds up from its lines to the cent.
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
] as const satisfies readonly (keyof ExportLine)[];

/** What a line shows beside its entry: the account, the ticket, and what a credit corrects. */
export interface LineContext {
  account?: { name: string; vatNumber?: string };
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
  return {
    exportId,
    kind: purchase ? 'purchase' : amount < 0 || minutes < 0 ? 'credit' : 'consuntivo',
    customerId: e.customerId,
    account: ctx.account?.name ?? '',
    vatNumber: ctx.account?.vatNumber ?? '',
    date: e.at,
    ticketNumber: ctx.ticket?.number ?? '',
    category: ctx.ticket?.category ?? '',
    entryId: e.id,
    packageId: e.packageId ?? '',
    orderId: e.orderId ?? '',
    minutes,
    hourlyRateCents: purchase ? hourlyOf(amount, e.minutes) : e.hourlyRateCents ?? 0,
    amountCents: amount,
    vatRatePercent: VAT_RATE_PERCENT,
    vatCents: vat,
    grossCents: amount + vat,
    corrects: (ctx.corrects ?? []).join(' '),
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
 * Numbers the lines and inserts the total rows as the lines stream by (in account order): an
 * `account_total` after each account's last line, and the overall `total` at the end. Holds one
 * account's running sums, whatever the export's size.
 */
export class LineNumberer {
  private n = 0;
  private account: { customerId: string; account: string; vatNumber: string; sums: ExportTotals } | undefined;
  readonly overall: ExportTotals = zero();

  constructor(private readonly exportId: string) {}

  push(line: Omit<ExportLine, 'line'>): ExportLine[] {
    const out: ExportLine[] = [];
    if (this.account && this.account.customerId !== line.customerId) out.push(this.accountTotal());
    this.account ??= { customerId: line.customerId, account: line.account, vatNumber: line.vatNumber, sums: zero() };
    for (const sums of [this.account.sums, this.overall]) {
      sums.lineCount += 1;
      sums.minutes += line.minutes;
      sums.amountCents += line.amountCents;
      sums.vatCents += line.vatCents;
    }
    out.push({ ...line, line: ++this.n });
    return out;
  }

  finish(): ExportLine[] {
    const out = this.account ? [this.accountTotal()] : [];
    out.push(this.totalRow('total', { customerId: '', account: '', vatNumber: '' }, this.overall));
    return out;
  }

  private accountTotal(): ExportLine {
    const a = this.account!;
    this.account = undefined;
    return this.totalRow('account_total', a, a.sums);
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
 * by default the end of the last closed Rome month. Not a date, or after `now` → 400.
 */
export function resolveThrough(input: string | undefined, now: Date): Date {
  if (input === undefined) return endOfLastClosedMonth(now);
  const bad = (message: string) => invalid(`through ${message}`, [{ path: 'through', message }]);
  const m = ISO.exec(input);
  const at = m && input.length === 10 ? romeDayStart(Number(m[1]), Number(m[2]), Number(m[3])) : new Date(input);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const realDay = new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d && mo >= 1 && mo <= 12;
  if (!m || !realDay || Number.isNaN(at.getTime())) throw bad('must be an ISO 8601 date or date-time');
  if (at.getTime() > now.getTime()) throw bad('must not lie in the future');
  return at;
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
  /** Exclusive: the export holds entries with at < through. */
  through: string;
  createdAt: string;
  /** Entry lines (total rows not counted). */
  lineCount: number;
  totalAmountCents: number;
  totalVatCents: number;
  csv: ExportFile;
  json: ExportFile;
}

/** API.md's list item. */
export const exportSummary = (r: ExportRecord) => ({
  id: r.id,
  through: r.through,
  createdAt: r.createdAt,
  lineCount: r.lineCount,
  totalAmountCents: r.totalAmountCents,
  totalVatCents: r.totalVatCents,
  csv: { sha256: r.csv.sha256, bytes: r.csv.bytes },
  json: { sha256: r.json.sha256, bytes: r.json.bytes },
});
