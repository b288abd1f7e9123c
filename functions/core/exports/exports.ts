import { invalid } from '../errors';
import { endOfLastClosedMonth, romeDay, romeDayStart } from '../periods';

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

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

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
  const at = m && input.length === 10 ? romeDayStart(romeDay(Number(m[1]), Number(m[2]), Number(m[3]))) : new Date(input);
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
