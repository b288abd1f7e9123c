import * as z from 'zod/mini';
import { CATEGORY_IDS, CLASSIFICATIONS } from '../vocabulary';
import type { FieldError, Problem } from '../problem';

/** The problem+json body, the page envelope, and the responses that belong to no concept: health, portal config, OpenAPI, categories. Re-exported by `../responses.ts`. */

/** The problem+json body of every error (`problem.ts` has its type and `ProblemError`). */
export const fieldError = z.object({ path: z.string(), message: z.string() }) satisfies z.ZodMiniType<FieldError>;
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.optional(z.array(fieldError)),
  /**
   * A 409 from a ticket's revision check: `{revision, status, messages[], worklogs[], notes[]?}` — the ticket's
   * revision and status now, and the messages, time logs and (staff only) internal notes written since the
   * revision sent, oldest first.
   */
  changes: z.optional(z.unknown()),
}) satisfies z.ZodMiniType<Problem>;

/** `{items, nextCursor?}`: one page of a list; pass `nextCursor` back as `?cursor=` for the next. */
export const page = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

export const health = z.object({ status: z.literal('ok') });

export const portalConfig = z.object({
  apiBase: z.string(),
  cognito: z.object({ endpoint: z.string(), region: z.string(), userPoolId: z.string(), clientId: z.string() }),
});

/** An OpenAPI 3.1 document. */
export const openApiDocument = z.looseObject({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

export const category = z.object({ id: z.enum(CATEGORY_IDS), expected: z.enum(CLASSIFICATIONS), label: z.object({ it: z.string(), en: z.string() }) });
export const categories = z.array(category);

/** One page of a list (`page(item)`'s type). */
export type Page<T> = { items: T[]; nextCursor?: string };

export type Health = z.infer<typeof health>;
export type PortalConfig = z.infer<typeof portalConfig>;
export type Category = z.infer<typeof category>;
