import { notFound, TransientError } from './errors';
import { LineNumberer, lineOf, resolveThrough, type ExportLine, type ExportRecord } from './exports';
import { newId } from './ids';
import type { ExportFiles, ExportStore, OpenExport, Page } from './ports';

/** What the export use cases need; `sleep` and `attempts` let tests and the bench tune the waits. */
export interface ExportDeps {
  exports: ExportStore;
  files: ExportFiles;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** How many times a build reads its lines again before giving up (index lag, late helpers). @default 40 */
  attempts?: number;
}

export interface ExportOutcome {
  /** True for the run that opened the export (201); false when it returns one that exists (200). */
  created: boolean;
  record: ExportRecord;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * `POST /finance/exports` and the monthly job (`core/exports.ts` says what it guarantees):
 * 1. Work out `through` (default: the end of the last closed Rome month; not in the future).
 * 2. If an export is open (a run is building it, or one died), build that one and answer 200 with it.
 * 3. If nothing billable before `through` is unexported, answer 200 with the latest export (an empty
 *    first export is made when there is none yet, so the answer always names one).
 * 4. Otherwise open a new export; if another run opened one meanwhile, build that one (200).
 * 5. Build: stamp every unexported entry before `through` into it, write the files from what is stamped,
 *    and finalise (record + close) iff the files hold exactly the stamped entries; else read again.
 */
export async function runExport(deps: ExportDeps, input: { through?: string }): Promise<ExportOutcome> {
  const now = deps.now();
  const through = resolveThrough(input.through, now).toISOString();
  const head = await deps.exports.head();
  if (head.open) return { created: false, record: await build(deps, head.open) };
  if (head.latestId && !(await deps.exports.hasUnexported(through))) {
    const latest = await deps.exports.get(head.latestId);
    if (latest) return { created: false, record: latest };
  }
  const open: OpenExport = { id: newId('x', now.getTime()), through, createdAt: now.toISOString() };
  if ((await deps.exports.claim(open)) === 'taken') {
    const current = await deps.exports.head();
    if (current.open) return { created: false, record: await build(deps, current.open) };
    // It was finished between our two reads: it is the latest.
    return { created: false, record: await latestOf(deps.exports, current.latestId) };
  }
  return { created: true, record: await build(deps, open) };
}

async function latestOf(exports: ExportStore, id: string | undefined): Promise<ExportRecord> {
  const record = id ? await exports.get(id) : undefined;
  if (!record) throw new TransientError('the latest export is not readable yet');
  return record;
}

async function build(deps: ExportDeps, open: OpenExport): Promise<ExportRecord> {
  const sleep = deps.sleep ?? pause;
  for await (const page of deps.exports.unexported(open.through)) {
    if ((await deps.exports.stamp(open.id, page)) === 'closed') return latestOf(deps.exports, open.id);
  }
  const attempts = deps.attempts ?? 40;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const head = await deps.exports.head();
    if (head.open?.id !== open.id) return latestOf(deps.exports, open.id);
    const stampedCount = head.open.stampedCount;
    const numberer = new LineNumberer(open.id);
    const files = await deps.files.write(`exports/${open.id}/${newId('a')}`, open, numbered(deps.exports, open.id, numberer));
    const record: ExportRecord = {
      ...open,
      lineCount: numberer.overall.lineCount,
      totalAmountCents: numberer.overall.amountCents,
      totalVatCents: numberer.overall.vatCents,
      ...files,
    };
    if (record.lineCount === stampedCount) {
      const outcome = await deps.exports.finalize(record, stampedCount);
      if (outcome === 'finalized') return record;
      if (outcome === 'closed') return latestOf(deps.exports, open.id);
    }
    // The index has not caught up with every stamp yet, or a helper stamped more: read again.
    await sleep(Math.min(50 * 2 ** attempt, 1000));
  }
  throw new TransientError(`export ${open.id} could not be completed yet; run it again to resume`);
}

async function* numbered(exports: ExportStore, exportId: string, numberer: LineNumberer): AsyncIterable<ExportLine> {
  for await (const page of exports.lines(exportId)) {
    for (const { entry, context } of page) yield* numberer.push(lineOf(exportId, entry, context));
  }
  yield* numberer.finish();
}

export async function listExports(deps: Pick<ExportDeps, 'exports'>, query: { limit: number; cursor?: string }): Promise<Page<ExportRecord>> {
  return deps.exports.list(query);
}

/** One export's file, CSV or JSON, checked against the SHA-256 recorded when it was written. */
export async function readExportFile(
  deps: Pick<ExportDeps, 'exports' | 'files'> & { sha256: (data: Buffer) => string },
  id: string,
  format: 'csv' | 'json',
): Promise<{ record: ExportRecord; data: Buffer }> {
  const record = await deps.exports.get(id);
  if (!record) throw notFound(`export ${id}`);
  const file = record[format];
  const data = await deps.files.read(file.key);
  if (!data || deps.sha256(data) !== file.sha256) throw new Error(`export ${id}: the ${format} file does not match its recorded SHA-256`);
  return { record, data };
}
