/**
 * Proves list cursors are tamper-evident and bound to what made them: a sealed cursor opens to its position
 * for the same caller, route and query (whatever the page size), and any change to it, or its use by another
 * caller, on another route or with another query, is a 400 naming `query.cursor`; the HTTP edge opens a
 * cursor before the handler runs and seals the `nextCursor` it returns.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../../functions/core/errors';
import { openCursor, sealCursor, type CursorBinding } from '../../functions/shared/cursors';
import { type HttpEvent } from '../../functions/shared/http';
import { httpHandler } from '../../functions/api/handler';
import { exportsQuery } from '../../functions/api/schemas';
import type { CallerDirectory } from '../../functions/core/accounts/caller';

const key = randomBytes(32);
const binding: CursorBinding = { sub: 'sub-1', route: 'list-ledger', query: { from: '2026-01-01T00:00:00Z', customerId: 'c_A', limit: '5' } };

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? { kind: err.kind, errors: err.errors } : err;
  }
  return 'accepted';
}
const REFUSED = { kind: 'invalid', errors: [{ path: 'query.cursor', message: 'is not a cursor of this list' }] };

describe('sealCursor / openCursor', () => {
  it('opens what it sealed, for the same caller, route and query, whatever the page size', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (position) => {
        const cursor = sealCursor(key, binding, position);
        expect(openCursor(key, { ...binding, query: { ...binding.query, limit: '50', cursor } }, cursor)).toBe(position);
      }),
    );
  }, 60_000);

  it('refuses another caller, route, query or key', () => {
    const cursor = sealCursor(key, binding, 'pos');
    expect(refusal(() => openCursor(key, { ...binding, sub: 'sub-2' }, cursor))).toEqual(REFUSED);
    expect(refusal(() => openCursor(key, { ...binding, route: 'list-exports' }, cursor))).toEqual(REFUSED);
    expect(refusal(() => openCursor(key, { ...binding, query: { ...binding.query, from: '2026-02-01T00:00:00Z' } }, cursor))).toEqual(REFUSED);
    expect(refusal(() => openCursor(key, { ...binding, query: { from: binding.query.from } }, cursor))).toEqual(REFUSED);
    expect(refusal(() => openCursor(randomBytes(32), binding, cursor))).toEqual(REFUSED);
  });

  it('refuses any edit of a cursor, and any string it did not make', () => {
    const cursor = sealCursor(key, binding, JSON.stringify({ pk: 'CUSTOMER#c_A', sk: 'ENTRY#2026' }));
    fc.assert(
      fc.property(fc.nat({ max: cursor.length - 1 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPabc019-_.='), (at, ch) => {
        fc.pre(cursor[at] !== ch);
        const edited = cursor.slice(0, at) + ch + cursor.slice(at + 1);
        expect(refusal(() => openCursor(key, binding, edited))).toEqual(REFUSED);
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (forged) => {
        expect(refusal(() => openCursor(key, binding, forged))).toEqual(REFUSED);
      }),
    );
  }, 60_000);
});

describe('httpHandler with a cursorKey', () => {
  const finance = { token_use: 'access', sub: 'f-1', username: 'fin', 'cognito:groups': '[finance]' };
  const event = (query: Record<string, string>, claims = finance): HttpEvent =>
    ({ version: '2.0', headers: {}, queryStringParameters: query, requestContext: { http: { method: 'GET' }, authorizer: { jwt: { claims, scopes: [] } } }, isBase64Encoded: false }) as unknown as HttpEvent;
  const user = (sub: string) => ({ sub, username: 'fin', email: 'fin@example.it', role: 'finance' as const, enabled: true, createdAt: '2026-11-01T00:00:00.000Z' });
  const callers: CallerDirectory = { userBySub: async (sub) => (sub.startsWith('f-') ? user(sub) : undefined) };
  const seen: (string | undefined)[] = [];
  const handler = httpHandler({ route: 'list-exports', query: exportsQuery, callers, cursorKey: async () => key }, async ({ query }) => {
    seen.push(query.cursor);
    return { status: 200, body: { items: [], nextCursor: `after:${query.cursor ?? 'start'}` } };
  });

  it('seals nextCursor on the way out and hands the handler the position on the way in', async () => {
    const first = JSON.parse((await handler(event({}))).body!);
    expect(first.nextCursor).not.toContain('after:start');
    const second = await handler(event({ cursor: first.nextCursor, limit: '3' }));
    expect(second.statusCode).toBe(200);
    expect(seen).toEqual([undefined, 'after:start']);
  });

  it('a cursor of another caller is a 400 problem and the handler does not run', async () => {
    const first = JSON.parse((await handler(event({}))).body!);
    seen.length = 0;
    const res = await handler(event({ cursor: first.nextCursor }, { ...finance, sub: 'f-2' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toMatch(/problem\+json/);
    expect(JSON.parse(res.body!).errors).toEqual([{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
    expect(seen).toEqual([]);
  });
});
