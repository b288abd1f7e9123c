import type { LedgerEntry } from '../ledger/ledger';
import type { ExportFile, ExportRange, ExportRecord } from '../exports/exports';
import type { ExportLine, LineContext } from '../exports/lines';
import type { SupplierFiscalData } from '../einvoicing/fiscal-data';
import type { Page } from './common';

/** Invoice exports: the export store, the files (S3), the e-invoicing settings and the drafts' numbering. Re-exported by `../ports.ts`. */

/** The ISP's own fiscal data for the invoice drafts: one finance setting. */
export interface EInvoicingSettingsStore {
  supplier(): Promise<SupplierFiscalData | undefined>;
  putSupplier(supplier: SupplierFiscalData): Promise<void>;
}

/** Where the drafts of an export take their numbers: the series of a year and the transmitter's files. */
export interface DraftSeries {
  series: string;
  year: number;
  transmitterId: string;
}

/** The numbers an export's drafts take, committed with it: `count` numbers from `nextNumber` and `nextFile`. */
export interface NumberingClaim extends DraftSeries {
  nextNumber: number;
  nextFile: number;
  count: number;
}

/** Where invoice exports live, and how the billable entries of a range are read (`core/exports/exports.ts`). */
export interface ExportStore {
  /** The latest export and its `through` (the position the next export starts after), read consistently. */
  head(): Promise<{ latestId?: string; latestThrough?: string }>;
  /** The billable entries with from < position ≤ through, by position, a page at a time, each with what its line shows. */
  range(range: ExportRange): AsyncIterable<{ entry: LedgerEntry; context: LineContext }[]>;
  /**
   * Puts the immutable record and moves the head to its `through`, in one transaction, iff the head is
   * still at the record's `from` (X1); `lost` when another export got there first (nothing written). With
   * `numbering`, the same transaction moves the invoice series and the file progressive past the numbers
   * the drafts took, iff they are still where `numbering()` found them: never skipped, never repeated.
   */
  commit(record: ExportRecord, numbering?: NumberingClaim): Promise<'committed' | 'lost'>;
  /** The next invoice number of the series' year and the next file progressive of the transmitter (1-based), read consistently. */
  numbering(series: DraftSeries): Promise<{ nextNumber: number; nextFile: number }>;
  get(id: string): Promise<ExportRecord | undefined>;
  /** Exports, newest first. */
  list(query: { limit: number; cursor?: string }): Promise<Page<ExportRecord>>;
}

/** The export files (S3): written as a stream, downloaded by the client straight from the store. */
export interface ExportFiles {
  /** Writes the CSV and the JSON of an export from its lines, in one pass, a page of lines at a time. */
  write(prefix: string, header: { id: string; from?: string; through: string; createdAt: string }, pages: AsyncIterable<readonly ExportLine[]>): Promise<{ csv: ExportFile; json: ExportFile }>;
  /**
   * A short-lived URL that downloads the file as `filename` with `contentType`; undefined when the file
   * is missing or not the size that was recorded (so a URL is never handed out for a damaged file).
   */
  link(file: ExportFile, download: { filename: string; contentType: string; expiresInSeconds: number }): Promise<string | undefined>;
  /**
   * Writes each draft as `<prefix>/<name>` and all of them, in order, into one ZIP (`<prefix>.zip`),
   * pulling one document at a time from `documents`.
   */
  writeDrafts(prefix: string, documents: Iterable<{ name: string; body: string }>): Promise<{ files: Map<string, ExportFile>; zip: ExportFile }>;
  writeJson(key: string, value: unknown): Promise<ExportFile>;
  /** A JSON file written by `writeJson`; undefined when it is missing. */
  readJson(file: ExportFile): Promise<unknown>;
}
