import * as z from 'zod/mini';

/**
 * RFC 9457 problem details, the body of every error (`application/problem+json`). `errors` names each
 * field a 400 refuses (`path` as `field.sub` or `query.name`).
 */
export const fieldError = z.object({ path: z.string(), message: z.string() });
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.optional(z.array(fieldError)),
});
export type FieldError = z.infer<typeof fieldError>;
export type Problem = z.infer<typeof problem>;

/** The statuses a client mistake can have; each is documented on the operations that can answer it. */
export const PROBLEM_STATUSES = {
  400: 'Bad Request: the body or query is not valid; `errors` names each field',
  401: 'Unauthorized: no valid access token',
  403: 'Forbidden: the caller’s role may not use this operation',
  404: 'Not Found: no such object, or it belongs to another account',
  405: 'Method Not Allowed: the path exists under other methods (`Allow`)',
  409: 'Conflict: the object changed meanwhile, or the Idempotency-Key was used with another body',
  413: 'Content Too Large: the body is over 64 KB',
  500: 'Internal Server Error: logged on our side',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_STATUSES;

/** What the typed client throws on any non-2xx answer: the problem+json, parsed, with its status. */
export class ProblemError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.problem = problem;
  }
}
