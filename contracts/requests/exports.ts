import * as z from 'zod/mini';
import { pageQuery } from './common';

/** Invoice exports and their FatturaPA drafts. Re-exported by `../requests.ts`. */

/** `through` is checked by the server (a date, not in the future), so the message names the rule. */
export const createExportBody = z.optional(z.strictObject({ through: z.optional(z.string().check(z.maxLength(64))) }));
export const exportsQuery = z.strictObject(pageQuery);
/** `?redirect=false`: the download link as a 200 JSON body instead of a 303 (for browsers). @default true */
export const getExportQuery = z.strictObject({ redirect: z.optional(z.enum(['true', 'false'])) });

/** `GET /finance/exports/{id}/drafts`: a page of the export's accounts, each with its drafts or what is missing. */
export const exportDraftsQuery = z.strictObject(pageQuery);
/** `?redirect=false` on a draft or the ZIP, as on the export's files. */
export const draftFileQuery = getExportQuery;
