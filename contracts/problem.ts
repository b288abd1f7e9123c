/**
 * RFC 9457 problem details, the body of every error (`application/problem+json`). `errors` names each
 * field a 400 refuses (`path` as `field.sub` or `query.name`). No zod here, so the client that throws
 * `ProblemError` costs a browser nothing more; the schema is `responses.problem`.
 */
export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** A 409 from a ticket's revision check: `{revision, status, messages, worklogs, notes?}`: the ticket now and what was written since. */
  changes?: unknown;
}

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
