import { vatCents } from '../exports/lines';
import type { DocumentType, Draft, DraftLine, LinkedInvoice } from './draft';
import { buildDraft, draftFileName, fileProgressive, invoiceNumber, MAX_DRAFT_LINES } from './draft';
import { customerDraftProblems, supplierDraftProblems, type CustomerFiscalData, type MissingField, type SupplierFiscalData } from './fiscal-data';

/**
 * Which drafts an export gets, decided line by line as the export streams (lines come in position
 * order, accounts interleaved), so each CSV/JSON line can carry its document's number:
 *
 * - an account's first charge opens its TD01, its first credit its TD04, each taking the next number of
 *   the year's series and the next file progressive (a document full at 9,999 lines is followed by
 *   another); numbers are taken only by documents that will be written, in the order they open, so
 *   within an export they run without a gap, and the store commits the series with the export
 *   (`ExportStore.commit`), so across exports they never skip or repeat;
 * - an account whose fiscal data (or the ISP's) is incomplete gets no document, and the book says which
 *   fields are missing; its lines are exported all the same;
 * - a credit names the invoice it corrects: the earlier export's TD01 for the account (`invoicesOf`), or,
 *   when the billed work is in this same export, the account's TD01 here. A credit of work an earlier
 *   export billed without a draft cannot name it: the TD04 is written and says so (`notes`).
 *
 * The book keeps each drafted line in a compact form (`DraftLine`) until the pass ends.
 */
export interface DocumentRef {
  type: DocumentType;
  number: string;
}

interface OpenDocument {
  type: DocumentType;
  number: string;
  progressive: string;
  lines: DraftLine[];
  linked: Map<string, LinkedInvoice>;
  notes: string[];
}

interface AccountState {
  customerId: string;
  account: string;
  fiscal: CustomerFiscalData & { vatNumber?: string };
  problems: MissingField[];
  documents: OpenDocument[];
  missing: Map<DocumentType, { lineCount: number }>;
}

/** D2–D4 from the lines' totals alone (what `buildDraft` computes, without writing each line's text). */
function figuresOf(lines: readonly DraftLine[]): { netCents: number; vatCents: number; totalCents: number } {
  const bases = new Map<number, number>();
  for (const l of lines) bases.set(l.vatRatePercent, (bases.get(l.vatRatePercent) ?? 0) + Math.abs(l.amountCents));
  let netCents = 0;
  let vat = 0;
  for (const [rate, base] of bases) {
    netCents += base;
    vat += vatCents(base, rate);
  }
  return { netCents, vatCents: vat, totalCents: netCents + vat };
}

/** A draft the export gets: what the list shows; `draft()` builds the document when it is written. */
export interface PlannedDraft {
  customerId: string;
  account: string;
  type: DocumentType;
  number: string;
  date: string;
  fileName: string;
  lineCount: number;
  netCents: number;
  vatCents: number;
  totalCents: number;
  /** TD04: the invoices it corrects. */
  corrects: { number: string; date: string }[];
  notes: string[];
  draft(): Draft;
}

/** A document an account does not get, and why. */
export interface MissingDraft {
  customerId: string;
  account: string;
  type: DocumentType;
  lineCount: number;
  missing: MissingField[];
}

export interface BookOptions {
  supplier: SupplierFiscalData | undefined;
  /** The drafts' date, YYYY-MM-DD (Rome), and its year (the series'). */
  date: string;
  year: number;
  /** The series' next invoice number of that year and the transmitter's next file progressive (1-based). */
  nextNumber: number;
  nextFile: number;
}

export class DraftBook {
  private readonly accounts = new Map<string, AccountState>();
  private readonly supplierProblems: MissingField[];
  private used = 0;

  constructor(readonly options: BookOptions) {
    this.supplierProblems = supplierDraftProblems(options.supplier);
  }

  /** How many numbers (and file progressives) the documents took. */
  get numbersUsed(): number {
    return this.used;
  }

  /**
   * Puts a line in its account's document; returns that document, or undefined when the account gets
   * none. `invoicesOf` answers, for a credit, the TD01 an earlier export gave the account.
   */
  place(
    line: Omit<DraftLine, 'kind'> & { kind: string; customerId: string; account: string },
    fiscal: (CustomerFiscalData & { vatNumber?: string }) | undefined,
    invoicesOf: (exportId: string, customerId: string) => { number: string; date: string } | undefined,
  ): DocumentRef | undefined {
    let a = this.accounts.get(line.customerId);
    if (!a) {
      const f = fiscal ?? {};
      a = { customerId: line.customerId, account: line.account, fiscal: f, problems: [...this.supplierProblems, ...customerDraftProblems(f)], documents: [], missing: new Map() };
      this.accounts.set(line.customerId, a);
    }
    if (line.kind !== 'consuntivo' && line.kind !== 'purchase' && line.kind !== 'credit') return undefined;
    const type: DocumentType = line.kind === 'credit' ? 'TD04' : 'TD01';
    if (a.problems.length) {
      const m = a.missing.get(type) ?? { lineCount: 0 };
      m.lineCount += 1;
      a.missing.set(type, m);
      return undefined;
    }
    let doc = a.documents.findLast((d) => d.type === type);
    if (!doc || doc.lines.length >= MAX_DRAFT_LINES) doc = this.open(a, type);
    // Only what the document shows: a few dozen bytes a line.
    const kept: DraftLine = {
      kind: line.kind,
      date: line.date,
      ticketNumber: line.ticketNumber,
      category: line.category,
      minutes: line.minutes,
      hourlyRateCents: line.hourlyRateCents,
      amountCents: line.amountCents,
      vatRatePercent: line.vatRatePercent,
      corrects: line.corrects,
    };
    doc.lines.push(kept);
    if (type === 'TD04') this.link(a, doc, kept, invoicesOf);
    return { type, number: doc.number };
  }

  private open(a: AccountState, type: DocumentType): OpenDocument {
    const { supplier, year, nextNumber, nextFile } = this.options;
    const doc: OpenDocument = {
      type,
      number: invoiceNumber(supplier!.series, year, nextNumber + this.used),
      progressive: fileProgressive(nextFile + this.used),
      lines: [],
      linked: new Map(),
      notes: [],
    };
    this.used += 1;
    a.documents.push(doc);
    return doc;
  }

  private link(a: AccountState, doc: OpenDocument, credit: DraftLine, invoicesOf: (exportId: string, customerId: string) => { number: string; date: string } | undefined) {
    const lineNumber = doc.lines.length;
    const here = a.documents.findLast((d) => d.type === 'TD01');
    const targets = credit.corrects.length
      ? credit.corrects.map((x) => ({ x, invoice: invoicesOf(x, a.customerId) }))
      : [{ x: 'this export', invoice: here ? { number: here.number, date: this.options.date } : undefined }];
    for (const { x, invoice } of targets) {
      if (!invoice) {
        doc.notes.push(`line ${lineNumber} corrects work billed in ${x} without an invoice draft for this account: name that invoice by hand`);
        continue;
      }
      const l = doc.linked.get(invoice.number) ?? { ...invoice, lines: [] };
      l.lines.push(lineNumber);
      doc.linked.set(invoice.number, l);
    }
  }

  /** Every document, in number order, with its figures. */
  drafts(): PlannedDraft[] {
    const out: PlannedDraft[] = [];
    for (const a of this.accounts.values()) {
      for (const doc of a.documents) {
        const build = () =>
          buildDraft({ type: doc.type, number: doc.number, date: this.options.date, progressive: doc.progressive, supplier: this.options.supplier!, customer: a.fiscal, lines: doc.lines, linked: [...doc.linked.values()] });
        const figures = figuresOf(doc.lines);
        out.push({
          customerId: a.customerId,
          account: a.account,
          type: doc.type,
          number: doc.number,
          date: this.options.date,
          fileName: draftFileName(this.options.supplier!.transmitterId, doc.progressive),
          lineCount: doc.lines.length,
          ...figures,
          corrects: [...doc.linked.values()].map((l) => ({ number: l.number, date: l.date })),
          notes: doc.notes,
          draft: build,
        });
      }
    }
    return out.sort((x, y) => (x.fileName < y.fileName ? -1 : x.fileName > y.fileName ? 1 : 0));
  }

  /** The documents accounts did not get, by customer id. */
  missing(): MissingDraft[] {
    return [...this.accounts.values()]
      .filter((a) => a.missing.size)
      .sort((x, y) => (x.customerId < y.customerId ? -1 : 1))
      .flatMap((a) => [...a.missing.entries()].map(([type, m]) => ({ customerId: a.customerId, account: a.account, type, lineCount: m.lineCount, missing: a.problems })));
  }
}
