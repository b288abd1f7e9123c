import * as z from 'zod/mini';
import { PAGE_SIZE } from '../vocabulary';

/** The pieces every request file builds on: text, one-line text, whole minutes, the page query. Re-exported by `../requests.ts`. */

/** Trimmed text of `min`–`max` characters; lone surrogates are refused (half a character is never meant, and DynamoDB stores UTF-8). */
export const text = (max: number, min = 1) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max), z.refine((v: string) => v.isWellFormed(), 'must be well-formed Unicode text'));
/**
 * Text that may become an email subject or a CSV cell (a ticket subject, an incident title, an account
 * name): `text` on one line, with no control characters (C0, DEL, C1) nor Unicode line/paragraph separators,
 * so it can never add a header line to an email or a row to a file.
 */
export const oneLine = (max: number) =>
  text(max).check(z.refine((v: string) => !/[\p{Cc}\u2028\u2029]/u.test(v), 'must be one line without control characters'));
export const wholeMinutes = (max: number) => z.int().check(z.minimum(1), z.maximum(max));

/** `?limit=` (1–100, default 25) and `?cursor=`, as every list takes them. */
export const pageQuery = {
  limit: z.optional(
    z
      .pipe(z.string().check(z.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')), z.transform(Number))
      .check(z.refine((n: number) => n >= 1 && n <= PAGE_SIZE.max, 'must be from 1 to 100')),
  ),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
};
export const DEFAULT_PAGE_SIZE = PAGE_SIZE.default;
