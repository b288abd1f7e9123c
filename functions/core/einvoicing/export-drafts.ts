import type { ExportDrafts, ExportFile, ExportRecord } from '../exports/exports';
import type { EInvoicingSettingsStore, ExportFiles, ExportStore, NumberingClaim } from '../ports';
import { DraftBook, type MissingDraft, type PlannedDraft } from './draft-book';
import { draftArithmeticProblems, romeDate } from './draft';
import { draftXml } from './fatturapa-xml';
import type { MissingField } from './fiscal-data';

/**
 * The drafts of one export, around `runExport`: `start` reads the ISP's data and where the series stand
 * and opens the book; the export's pass places each line in it; `finish` writes the documents, their
 * ZIP and their list (the manifest) beside the CSV and JSON, and says what the export commits with them.
 */

/** One account in the list of an export's drafts. */
export interface DraftListItem {
  customerId: string;
  account: string;
  drafts: (Omit<PlannedDraft, 'draft' | 'customerId' | 'account'> & { sha256: string; bytes: number })[];
  /** The documents the account did not get, with the fields that keep each from being made. */
  missing: { type: MissingDraft['type']; lineCount: number; fields: string[]; problems: MissingField[] }[];
}

/** The manifest: every account of the export, by customer id. */
export interface DraftManifest {
  exportId: string;
  date: string;
  items: DraftListItem[];
}

export interface DraftDeps {
  exports: ExportStore;
  files: ExportFiles;
  einvoicing: EInvoicingSettingsStore;
}

/** The TD01 each earlier export gave each account, read from its manifest once per export. */
export class EarlierInvoices {
  private readonly byExport = new Map<string, Map<string, { number: string; date: string }>>();

  constructor(private readonly deps: Pick<DraftDeps, 'exports' | 'files'>) {}

  async load(exportIds: Iterable<string>): Promise<void> {
    const todo = [...new Set(exportIds)].filter((id) => !this.byExport.has(id));
    await Promise.all(
      todo.map(async (id) => {
        const manifest = await readManifest(this.deps, await this.deps.exports.get(id));
        const invoices = new Map<string, { number: string; date: string }>();
        for (const item of manifest?.items ?? []) {
          const td01 = item.drafts.find((d) => d.type === 'TD01');
          if (td01) invoices.set(item.customerId, { number: td01.number, date: td01.date });
        }
        this.byExport.set(id, invoices);
      }),
    );
  }

  /** Only after `load` of that export. */
  of = (exportId: string, customerId: string) => this.byExport.get(exportId)?.get(customerId);
}

export async function readManifest(deps: Pick<DraftDeps, 'files'>, record: ExportRecord | undefined): Promise<DraftManifest | undefined> {
  if (!record?.drafts) return undefined;
  return (await deps.files.readJson(record.drafts.manifest)) as DraftManifest | undefined;
}

export async function startDrafts(deps: DraftDeps, now: Date): Promise<DraftBook> {
  const supplier = await deps.einvoicing.supplier();
  const date = romeDate(now);
  const year = Number(date.slice(0, 4));
  const next = supplier ? await deps.exports.numbering({ series: supplier.series, year, transmitterId: supplier.transmitterId }) : { nextNumber: 1, nextFile: 1 };
  return new DraftBook({ supplier, date, year, ...next });
}

/**
 * Writes the documents (XML, one at a time, each checked against D1–D4 first: a draft SDI would refuse
 * is a bug of ours, never a file), the ZIP and the manifest; returns the record's `drafts` and the
 * numbering its commit takes.
 */
export async function finishDrafts(deps: DraftDeps, exportId: string, book: DraftBook): Promise<{ drafts: ExportDrafts; numbering?: NumberingClaim }> {
  const planned = book.drafts();
  const prefix = `exports/${exportId}/drafts`;
  let written: { files: Map<string, ExportFile>; zip: ExportFile } | undefined;
  if (planned.length) {
    written = await deps.files.writeDrafts(
      prefix,
      (function* () {
        for (const p of planned) {
          const draft = p.draft();
          const problems = draftArithmeticProblems(draft);
          if (problems.length) throw new Error(`draft ${p.number} does not add up: ${problems.join('; ')}`);
          yield { name: p.fileName, body: draftXml(draft) };
        }
      })(),
    );
  }
  const items = new Map<string, DraftListItem>();
  const itemOf = (customerId: string, account: string) => {
    let item = items.get(customerId);
    if (!item) items.set(customerId, (item = { customerId, account, drafts: [], missing: [] }));
    return item;
  };
  for (const { draft: _build, customerId, account, ...p } of planned) {
    const file = written!.files.get(p.fileName)!;
    itemOf(customerId, account).drafts.push({ ...p, sha256: file.sha256, bytes: file.bytes });
  }
  const missing = book.missing();
  for (const m of missing) itemOf(m.customerId, m.account).missing.push({ type: m.type, lineCount: m.lineCount, fields: [...new Set(m.missing.map((f) => f.field))], problems: m.missing });
  const { date, year } = book.options;
  const manifest: DraftManifest = { exportId, date, items: [...items.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)) };
  const manifestFile = await deps.files.writeJson(`${prefix}.json`, manifest);
  const sign = (p: PlannedDraft) => (p.type === 'TD04' ? -1 : 1);
  const supplier = book.options.supplier;
  const numbering = supplier && book.numbersUsed ? { series: supplier.series, year, transmitterId: supplier.transmitterId, nextNumber: book.options.nextNumber, nextFile: book.options.nextFile, count: book.numbersUsed } : undefined;
  return {
    drafts: {
      documentCount: planned.length,
      missingCount: missing.length,
      netCents: planned.reduce((s, p) => s + sign(p) * p.netCents, 0),
      vatCents: planned.reduce((s, p) => s + sign(p) * p.vatCents, 0),
      totalCents: planned.reduce((s, p) => s + sign(p) * p.totalCents, 0),
      ...(numbering ? { numbers: { series: numbering.series, year, first: numbering.nextNumber, last: numbering.nextNumber + numbering.count - 1 } } : {}),
      manifest: manifestFile,
      ...(written ? { zip: written.zip } : {}),
    },
    ...(numbering ? { numbering } : {}),
  };
}
