/**
 * Domain errors: what went wrong in business terms. The HTTP edge maps each kind to a status in one
 * place (`functions/shared/http.ts`); the domain never speaks HTTP.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large';

/** One field-level problem, as RFC 9457 `errors[]` carries it. */
export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly errors?: FieldError[],
    /** Members the problem+json carries beside the standard ones (a 409's `changes`). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, errors?: FieldError[]) => new DomainError('invalid', message, errors);
export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
export const forbidden = (message = 'your role may not do this') => new DomainError('forbidden', message);
export const unauthorized = (message = 'a valid bearer token is required') => new DomainError('unauthorized', message);

/**
 * A failure worth retrying (a conflict, a lease held by another attempt, a service briefly down). Its
 * name is what the state machine's Retry matches on.
 */
export class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}
