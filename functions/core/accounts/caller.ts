import type { User } from './accounts';
import { forbidden, invalid, unauthorized } from '../errors';
import type { Role } from './roles';

/**
 * Who is calling and which account they may touch. Everything here comes from the user record found by
 * the verified token's subject (`sub`), the server-side source of truth: never from the body, path or
 * query, and not from the token's groups either, so a disabled or demoted user loses the old rights as
 * soon as the lookup is refreshed (at most `MAX_CALLER_CACHE_SECONDS`), even with a token still in hand.
 */
export interface Caller {
  username: string;
  role: Role;
  /** Set for customer users only: the one account they belong to. */
  customerId?: string;
}

/** The user records, by the token's subject. */
export interface CallerDirectory {
  /** The record of the user with this subject, whatever its state; undefined when there is none. */
  userBySub(sub: string): Promise<User | undefined>;
}

/** No caller lookup is trusted for longer than this (issue 9: a disabled user is out within a minute). */
export const MAX_CALLER_CACHE_SECONDS = 60;

/**
 * The caller of a verified token. 401 when its subject is not a current, enabled user: no record (a user
 * deleted, or never linked), a record retired because its username now belongs to another subject, a
 * disabled user, a token issued before the user was signed out (disabled, then enabled again), or a
 * token whose username is not the record's (a subject is never reused, so that is a
 * forged or confused token). 403 for a customer user with no account.
 */
export async function resolveCaller(principal: { sub: string; username: string; issuedAt?: number }, directory: CallerDirectory): Promise<Caller> {
  const user = await directory.userBySub(principal.sub);
  if (!user || user.retiredAt !== undefined) throw unauthorized('the token’s user no longer exists');
  if (user.enabled === false) throw unauthorized('the token’s user is disabled');
  // `iat` has whole seconds: a token from the second of the sign-out is refused too (fails safe).
  if (user.signedOutAt !== undefined && (principal.issuedAt ?? 0) * 1000 <= Date.parse(user.signedOutAt)) {
    throw unauthorized('the token was issued before its user was signed out; log in again');
  }
  if (user.username.toLowerCase() !== principal.username.toLowerCase()) throw unauthorized('the token’s username is not its subject’s');
  if (user.role !== 'customer') return { username: user.username, role: user.role };
  if (!user.customerId) throw forbidden('this user is not linked to a customer account');
  return { username: user.username, role: user.role, customerId: user.customerId };
}

/**
 * A lookup cached for at most `ttlMs` per key, in at most `maxEntries` entries (the oldest go first).
 * Misses are not cached: a user created a moment ago is found on the next call. Concurrent misses for
 * one key share one lookup.
 */
export function ttlCached<V>(
  lookup: (key: string) => Promise<V | undefined>,
  options: { ttlMs: number; now?: () => number; maxEntries?: number },
): (key: string) => Promise<V | undefined> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = Math.min(Math.max(0, options.ttlMs), MAX_CALLER_CACHE_SECONDS * 1000);
  const hits = new Map<string, { value: V; until: number }>();
  const pending = new Map<string, Promise<V | undefined>>();
  return async (key) => {
    const hit = hits.get(key);
    if (hit && hit.until > now()) return hit.value;
    if (hit) hits.delete(key);
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const started = now();
    const p = lookup(key).then(
      (value) => {
        pending.delete(key);
        if (value !== undefined && ttlMs > 0) {
          if (hits.size >= maxEntries) hits.delete(hits.keys().next().value!);
          // From when the read started, so a value is never used longer than ttlMs after it was read.
          hits.set(key, { value, until: started + ttlMs });
        }
        return value;
      },
      (err: unknown) => {
        pending.delete(key);
        throw err;
      },
    );
    pending.set(key, p);
    return p;
  };
}

/**
 * The account a read is about. Customers always get their own (a `customerId` they pass is refused);
 * staff name one with `?customerId=` or get `undefined` (all accounts, where the route allows it).
 */
export function accountScope(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.role === 'customer') {
    if (requested !== undefined && requested !== caller.customerId) {
      throw invalid('customers cannot choose the account', [{ path: 'query.customerId', message: 'not allowed for customer users' }]);
    }
    return caller.customerId;
  }
  return requested;
}
