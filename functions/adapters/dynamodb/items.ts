import { TABLE_INDEXES, TABLE_KEYS } from './table';

/** The attributes that place an item in the table and its indexes, plus its type tag: never part of a record. */
const PLACEMENT = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]), 'type']);

/** An item as its domain record: a copy without the key, index and type attributes (a copy, not `delete`, which is slow on hot lists). */
export function fromItem<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const attr in item) if (!PLACEMENT.has(attr)) out[attr] = item[attr];
  return out as T;
}
