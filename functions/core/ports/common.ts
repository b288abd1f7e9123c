import type { IdempotentResponse } from '../idempotency';

/** What every port shares: the page of a list, and the idempotency log. Re-exported by `../ports.ts`. */

/** One page of a list, newest first; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Reads the first response of an `Idempotency-Key` (see `core/idempotency.ts`); 409 when the body differs. */
export interface IdempotencyLog {
  replay(scope: string, key: string, hash: string, now: Date): Promise<IdempotentResponse | undefined>;
}
