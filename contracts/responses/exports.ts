import * as z from 'zod/mini';
import { DOCUMENT_TYPES, REGIMI_FISCALI } from '../vocabulary';
import { instant, cents } from './scalars';
import { missingField, postalAddress } from './accounts';

/** Invoice exports, their download links, the FatturaPA drafts and the ISP's e-invoicing settings. Re-exported by `../responses.ts`. */

/** The ISP's own fiscal data (CedentePrestatore and the transmitter), which every draft carries. */
export const einvoicingSettings = z.object({
  /** IT + partita IVA. */
  vatNumber: z.string(),
  taxCode: z.optional(z.string()),
  name: z.string(),
  regimeFiscale: z.enum(REGIMI_FISCALI),
  address: postalAddress,
  rea: z.optional(
    z.object({ office: z.string(), number: z.string(), shareCapitalCents: z.optional(cents), soleShareholder: z.optional(z.enum(['SU', 'SM'])), liquidation: z.enum(['LN', 'LS']) }),
  ),
  /** Where customers pay (ModalitaPagamento MP05, bank transfer). */
  iban: z.string(),
  /** IdTrasmittente: country and code of whoever transmits; it names the files. */
  transmitterId: z.string(),
  /** The invoice numbers' series: numbers are `<series>/<year>/<000001>`. */
  series: z.string(),
  updatedAt: z.optional(instant),
  updatedBy: z.optional(z.string()),
});

const fileDigest = z.object({ sha256: z.string(), bytes: z.int() });

/** An invoice export: it holds the billable entries after `from` (the previous export's `through`) and before `through`. */
export const exportSummary = z.object({
  id: z.string(),
  from: z.optional(instant),
  through: instant,
  createdAt: instant,
  lineCount: z.int(),
  totalAmountCents: z.int(),
  totalVatCents: z.int(),
  csv: fileDigest,
  json: fileDigest,
  /** The export's FatturaPA drafts (absent on exports made before drafts existed): Σ TD01 − Σ TD04. */
  drafts: z.optional(
    z.object({
      /** Documents written (TD01 and TD04). */
      documentCount: z.int(),
      /** Documents not written for want of fiscal data (`GET /finance/exports/{id}/drafts` says which fields). */
      missingCount: z.int(),
      netCents: z.int(),
      vatCents: z.int(),
      totalCents: z.int(),
      /** The numbers taken: `series/year/first…last` (absent when no document was written). */
      numbers: z.optional(z.object({ series: z.string(), year: z.int(), first: z.int(), last: z.int() })),
    }),
  ),
});

/**
 * `GET /finance/exports/{id}`: the export and a download link for one of its files, which lives five
 * minutes and is fetched without the token (the file comes straight from storage, whatever its size).
 */
export const exportDownload = z.extend(exportSummary, {
  /** `csv` when asked with `Accept: text/csv`, `json` otherwise (`contracts/files.ts` describes both files). */
  format: z.enum(['csv', 'json']),
  /** The presigned link (also `Location` of the 303). */
  url: z.string(),
  expiresAt: instant,
  /** The file's SHA-256 (hex), also `x-checksum-sha256`: check the download against it. */
  sha256: z.string(),
  bytes: z.int(),
});

/** One FatturaPA draft of an export (FPR12, unsigned): what it is, what it adds up to, its file. */
export const exportDraft = z.object({
  /** TD01 invoice, TD04 credit note. */
  type: z.enum(DOCUMENT_TYPES),
  /** `<series>/<year>/<000001>`. */
  number: z.string(),
  /** The document's date (Europe/Rome), `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** `IT<transmitter>_<progressive>.xml`: `GET /finance/exports/{id}/drafts/{file}`. */
  fileName: z.string(),
  lineCount: z.int(),
  netCents: cents,
  vatCents: cents,
  totalCents: cents,
  /** TD04: the invoices it corrects (number and date). */
  corrects: z.array(z.object({ number: z.string(), date: z.iso.date() })),
  /** What a person must do about the document (a corrected invoice to name by hand…). */
  notes: z.array(z.string()),
  sha256: z.string(),
  bytes: z.int(),
});

/** One account of an export: its drafts, and the documents it did not get with the fields missing. */
export const exportDraftAccount = z.object({
  customerId: z.string(),
  account: z.string(),
  drafts: z.array(exportDraft),
  missing: z.array(z.object({ type: z.enum(DOCUMENT_TYPES), lineCount: z.int(), fields: z.array(z.string()), problems: z.array(missingField) })),
});

/** `GET /finance/exports/{id}/drafts`: a page of the export's accounts (by customer id) with the drafts' totals. */
export const exportDrafts = z.object({
  exportId: z.string(),
  /** The drafts' date (Europe/Rome). */
  date: z.iso.date(),
  documentCount: z.int(),
  missingCount: z.int(),
  /** Σ TD01 − Σ TD04, equal to the export's CSV totals of the drafted accounts. */
  netCents: z.int(),
  vatCents: z.int(),
  totalCents: z.int(),
  numbers: z.optional(z.object({ series: z.string(), year: z.int(), first: z.int(), last: z.int() })),
  /** The path of every draft in one ZIP; `null` when the export has no draft. */
  zip: z.nullable(z.string()),
  items: z.array(exportDraftAccount),
  nextCursor: z.optional(z.string()),
});

/** A draft's or the drafts ZIP's download link (body of the 303, or the 200 with `?redirect=false`): five minutes, no token. */
export const draftDownload = z.object({
  /** The presigned link (also `Location` of the 303). */
  url: z.string(),
  expiresAt: instant,
  fileName: z.string(),
  /** The file's SHA-256 (hex), also `x-checksum-sha256`. */
  sha256: z.string(),
  bytes: z.int(),
});

export type ExportSummary = z.infer<typeof exportSummary>;
export type ExportDownload = z.infer<typeof exportDownload>;
export type EInvoicingSettings = z.infer<typeof einvoicingSettings>;
export type ExportDraft = z.infer<typeof exportDraft>;
export type ExportDraftAccount = z.infer<typeof exportDraftAccount>;
export type ExportDrafts = z.infer<typeof exportDrafts>;
export type DraftDownload = z.infer<typeof draftDownload>;
