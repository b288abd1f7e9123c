import { createHash } from 'node:crypto';
import { invalid } from './errors';

/**
 * `Idempotency-Key` (docs/api.md): the same key with the same body returns the first response and does
 * nothing more; the same key with another body is a 409. Keys are kept for 30 days, and the record is
 * written in the same transaction as the thing it protects, so there is no window in which one exists
 * without the other.
 */
export const IDEMPOTENCY_TTL_DAYS = 30;

/** The stored first response. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
}

/** A request's `Idempotency-Key` and the hash of its body (`requestHash`). */
export interface IdempotencyInput {
  key: string;
  hash: string;
}

/** The record written in the same transaction as what it protects: the key, in its scope, and the first response. */
export interface IdempotencyRecord extends IdempotencyInput {
  scope: string;
  response: IdempotentResponse;
}

/** Reads and checks the header: 1–255 visible ASCII characters, or absent. */
export function idempotencyKeyFrom(headers: Record<string, string | undefined>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw invalid('Idempotency-Key must be 1–255 visible ASCII characters', [{ path: 'headers.idempotency-key', message: 'must be 1–255 visible ASCII characters' }]);
  }
  return key;
}

/** A stable hash of a parsed request body: key order does not matter, values do. */
export function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(body) ?? null)).digest('hex');
}
