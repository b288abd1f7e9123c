import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '#core/errors';

/**
 * Signed list cursors. A store hands back an opaque position (`pagination.ts`); the HTTP edge seals it
 * before it leaves and opens it before it is used, so a client can only ever send back a cursor this API
 * gave it, for the same caller and the same list:
 *
 *   cursor = base64url(position) "." base64url(HMAC-SHA256(key, caller.sub ␊ route ␊ query ␊ position))
 *
 * where `query` is the request's other query parameters (all but `cursor` and `limit`), sorted. A cursor
 * that was edited, forged, made for another caller (another account's list) or for another query (other
 * `from`/`to`, another `customerId` or `status`) is a 400 naming `query.cursor`, before anything reads
 * the table. The key is 32 random bytes that the deployment keeps secret (`#adapters/cursor-key`).
 */
export type CursorKey = () => Promise<Uint8Array>;

/** What a cursor is bound to: who asked, on which route, with which query. */
export interface CursorBinding {
  sub: string;
  route: string;
  query: Record<string, string | undefined>;
}

const MAC_BYTES = 32;

function mac(key: Uint8Array, binding: CursorBinding, position: string): Buffer {
  const query = Object.entries(binding.query)
    .filter(([name, value]) => name !== 'cursor' && name !== 'limit' && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha256', key).update(JSON.stringify([binding.sub, binding.route, query, position])).digest();
}

export function sealCursor(key: Uint8Array, binding: CursorBinding, position: string): string {
  return `${Buffer.from(position, 'utf8').toString('base64url')}.${mac(key, binding, position).toString('base64url')}`;
}

/** The position a cursor holds, once its signature checks out for this caller and query; else a 400. */
export function openCursor(key: Uint8Array, binding: CursorBinding, cursor: string): string {
  const bad = () =>
    new DomainError('invalid', 'the cursor is not one this list gave you (it was changed, or made for another caller or query)', [
      { path: 'query.cursor', message: 'is not a cursor of this list' },
    ]);
  const parts = /^([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{43})$/.exec(cursor);
  if (!parts) throw bad();
  const positionBytes = Buffer.from(parts[1]!, 'base64url');
  const given = Buffer.from(parts[2]!, 'base64url');
  // Only the one canonical spelling: base64 ignores a last character's spare bits, an edit must not.
  if (positionBytes.toString('base64url') !== parts[1] || given.toString('base64url') !== parts[2]) throw bad();
  const position = positionBytes.toString('utf8');
  if (Buffer.from(position, 'utf8').toString('base64url') !== parts[1]) throw bad();
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(key, binding, position))) throw bad();
  return position;
}
