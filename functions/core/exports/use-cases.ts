import { notFound, TransientError } from '../errors';
import { nextRange, resolveThrough, type ExportRecord } from './exports';
import { LineNumberer, lineOf, type ExportLine, type LineContext } from './lines';
import { newId } from '../ids';
import type { LedgerEntry } from '../ledger/ledger';
import type { EInvoicingSettingsStore, ExportFiles, ExportStore, Page } from '../ports';
import type { DraftBook } from '../einvoicing/draft-book';
import { EarlierInvoices, finishDrafts, startDrafts } from '../einvoicing/export-drafts';

/** What the export use cases need. */
export interface ExportDeps {
  exports: ExportStore;
  files: ExportFiles;
  now: () => Date;
  /** The ISP's fiscal data, for the invoice drafts; without it (the benchmark's baseline) an export makes none. */
  einvoicing?: EInvoicingSettingsStore;
}

export interface ExportOutcome {
  /** True for the run that committed the export (201); false when it returns one that exists (200). */
  created: boolean;
  record: ExportRecord;
}

type Page_ = { entry: LedgerEntry; context: LineContext }[];

/**
 * `POST /finance/exports` and the monthly job (`core/exports/exports.ts` states X1–X4):
 * 1. Work out `through` (default: the end of the last closed Rome month; at least INDEX_LAG_MS ago).
 * 2. Read the head; if `through` does not go past the latest export's, answer 200 with the latest.
 * 3. Read the range (latestThrough, through] page by page; if it is empty and an export exists, answer
 *    200 with the latest (nothing written). Otherwise stream its lines into the files.
 *    Each line takes its place in an invoice draft (`core/einvoicing/`), which gives it its document number.
 * 4. Write the drafts, their ZIP and their list beside the files.
 * 5. Commit the record, the head and the drafts' numbers in one transaction conditioned on the head (and
 *    the series) being where steps 2–3 found them: 201. If a concurrent run moved it first, answer 200
 *    with that run's export (its numbers are the ones taken; this run's files are never referenced).
 */
export async function runExport(deps: ExportDeps, input: { through?: string }): Promise<ExportOutcome> {
  const now = deps.now();
  const through = resolveThrough(input.through, now).toISOString();
  const head = await deps.exports.head();
  const range = nextRange(head, through);
  if (!range) return { created: false, record: await latestOf(deps.exports, head.latestId) };

  const pages = deps.exports.range(range)[Symbol.asyncIterator]();
  const first = await pages.next();
  if (first.done && head.latestId) return { created: false, record: await latestOf(deps.exports, head.latestId) };

  const id = newId('x', now.getTime());
  const header = { id, ...range, createdAt: now.toISOString() };
  const numberer = new LineNumberer(id);
  const einvoicing = deps.einvoicing;
  const book = einvoicing ? await startDrafts({ ...deps, einvoicing }, now) : undefined;
  const files = await deps.files.write(`exports/${id}`, header, numbered(first, pages, id, numberer, book && { book, earlier: new EarlierInvoices(deps) }));
  const drafts = book && einvoicing ? await finishDrafts({ ...deps, einvoicing }, id, book) : undefined;
  const record: ExportRecord = {
    ...header,
    lineCount: numberer.overall.lineCount,
    totalAmountCents: numberer.overall.amountCents,
    totalVatCents: numberer.overall.vatCents,
    ...files,
    ...(drafts ? { drafts: drafts.drafts } : {}),
  };
  if ((await deps.exports.commit(record, drafts?.numbering)) === 'committed') return { created: true, record };
  // A concurrent run committed the range first: its export is the answer.
  return { created: false, record: await latestOf(deps.exports, (await deps.exports.head()).latestId) };
}

async function latestOf(exports: ExportStore, id: string | undefined): Promise<ExportRecord> {
  const record = id ? await exports.get(id) : undefined;
  if (!record) throw new TransientError('the latest export is not readable yet');
  return record;
}

async function* numbered(
  first: IteratorResult<Page_>,
  rest: AsyncIterator<Page_>,
  exportId: string,
  numberer: LineNumberer,
  drafts: { book: DraftBook; earlier: EarlierInvoices } | undefined,
): AsyncIterable<ExportLine[]> {
  for (let page = first; !page.done; page = await rest.next()) {
    // The invoices this page's credits correct, read before its lines are placed.
    if (drafts) await drafts.earlier.load(page.value.flatMap(({ context }) => context.corrects ?? []));
    yield page.value.map(({ entry, context }) => {
      const line = lineOf(exportId, entry, context);
      const doc = drafts?.book.place({ ...line, corrects: context.corrects ?? [] }, context.account?.fiscal && { ...context.account.fiscal, vatNumber: context.account.vatNumber }, drafts.earlier.of);
      return numberer.push(doc ? { ...line, documentType: doc.type, documentNumber: doc.number } : line);
    });
  }
  yield numberer.finish();
}

export async function listExports(deps: Pick<ExportDeps, 'exports'>, query: { limit: number; cursor?: string }): Promise<Page<ExportRecord>> {
  return deps.exports.list(query);
}

/** How long a download link lives: long enough to start a download, short enough not to be worth sharing. */
export const DOWNLOAD_LINK_SECONDS = 300;

const FORMATS = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
} as const;

export interface ExportDownload {
  record: ExportRecord;
  format: 'csv' | 'json';
  url: string;
  expiresAt: string;
}

/**
 * One export's file, CSV or JSON, as a short-lived download link: the file goes from the store to the
 * client, never through the function (whose response is capped at 6 MB on AWS). The recorded SHA-256
 * goes with it for the client to check; a file that is missing or not its recorded size is an error of
 * ours, not the client's.
 */
export async function exportDownload(deps: Pick<ExportDeps, 'exports' | 'files' | 'now'>, id: string, format: 'csv' | 'json'): Promise<ExportDownload> {
  const record = await deps.exports.get(id);
  if (!record) throw notFound(`export ${id}`);
  const expiresAt = new Date(deps.now().getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
  const url = await deps.files.link(record[format], { filename: `${record.id}.${format}`, contentType: FORMATS[format], expiresInSeconds: DOWNLOAD_LINK_SECONDS });
  if (!url) throw new Error(`export ${id}: the ${format} file is missing or not the ${record[format].bytes} bytes recorded`);
  return { record, format, url, expiresAt };
}
