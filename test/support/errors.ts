import { DomainError } from '../../functions/core/errors';

/** What a call does, for tables of cases: `ok`, the `DomainError` kind it throws, or `bug` for anything else. */
export const kindOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.kind : 'bug';
  }
  return 'ok';
};
