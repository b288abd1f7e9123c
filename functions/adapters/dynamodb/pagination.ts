import { invalid } from '#core/errors';

/**
 * Opaque list cursors: the DynamoDB `LastEvaluatedKey`, base64url JSON. A cursor is checked against the
 * query it is used with (same partition), so a cursor from another list, another account or a forged
 * one is a 400, never a 500 and never a way into another partition.
 */
export type Key = Record<string, string | number>;

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/** Decodes a cursor and insists it belongs to the partition being queried (`expected` attribute values). */
export function decodeCursor(cursor: string | undefined, expected: Record<string, string>): Key | undefined {
  if (cursor === undefined) return undefined;
  const bad = () => invalid('cursor is not valid for this list', [{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw bad();
  const entries = Object.entries(key as Record<string, unknown>);
  if (entries.length > 6 || entries.some(([, v]) => typeof v !== 'string' && typeof v !== 'number')) throw bad();
  for (const [attr, value] of Object.entries(expected)) if ((key as Record<string, unknown>)[attr] !== value) throw bad();
  return key as Key;
}
