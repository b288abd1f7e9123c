import * as z from 'zod/mini';
import { EXPORT_LINE_KINDS } from './vocabulary';

/**
 * The files the API hands out through download links rather than in a response body: an invoice
 * export's CSV and JSON (`GET /finance/exports/{id}` answers the link). Not part of the OpenAPI document,
 * which describes answers; `docs/api.md` lists them under "Files", and a client may parse a downloaded
 * file with these schemas.
 */
const instant = z.string().check(z.iso.datetime());

/** One row of an export (the CSV's row, the JSON's `lines` item). Money in cents, net of VAT. */
export const exportLine = z.object({
  exportId: z.string(),
  line: z.int(),
  kind: z.enum(EXPORT_LINE_KINDS),
  customerId: z.string(),
  account: z.string(),
  vatNumber: z.string(),
  date: z.string(),
  ticketNumber: z.string(),
  category: z.string(),
  entryId: z.string(),
  packageId: z.string(),
  orderId: z.string(),
  minutes: z.int(),
  hourlyRateCents: z.int(),
  amountCents: z.int(),
  vatRatePercent: z.int(),
  vatCents: z.int(),
  grossCents: z.int(),
  /** Credits: the export(s) that billed what this line corrects, space-separated. */
  corrects: z.string(),
  /** What the invoice line says (Italian, Latin-1), for a finance tool without XML import. */
  description: z.string(),
  /** Billed hours as a decimal with 2–8 decimals (negative on a credit): `unitPrice × quantityHours` is the amount within a cent. Empty on total rows. */
  quantityHours: z.string(),
  /** EUR per hour (per package for a purchase) as a decimal, net of VAT. Empty on total rows. */
  unitPrice: z.string(),
  /** The invoice draft that holds the line: TD01 (invoice) or TD04 (credit note); empty when the account has none. */
  documentType: z.string(),
  /** That draft's number (`FE/2026/000001`); empty when the account has none. */
  documentNumber: z.string(),
});

/** An export's JSON file (what the download link of `GET /finance/exports/{id}` serves); the CSV file has the same columns and rows. */
export const exportFile = z.object({
  id: z.string(),
  from: z.optional(instant),
  through: instant,
  createdAt: instant,
  columns: z.array(z.string()),
  lines: z.array(exportLine),
});

export type ExportLine = z.infer<typeof exportLine>;
export type ExportFile = z.infer<typeof exportFile>;
