import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { invalid } from '#core/errors';
import type { HistoryItem, HistoryKind, Page, TicketQuery } from '#core/ports';
import { TICKET_STATUSES, type Ticket } from '#core/tickets/tickets';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

/**
 * The ticket store's paged reads (`DynamoTicketStore.historyPage` and `.list` call them with its table):
 * a ticket's history a page at a time, and the ticket lists merged from the partitions of an index. Each
 * page's cursor is the position below which the next starts, tied to its list.
 */

/** The position a cursor holds: the sort key below which the next page starts. */
function positionFrom(cursor: string, listId: string): string {
  const at = decodeCursor(cursor, { list: listId })?.at;
  if (typeof at !== 'string' || at.length > 200) {
    throw invalid('cursor is not valid for this list', [{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  }
  return at;
}

/** A filtered list reads at most this many pages of its index per request before it hands back a cursor. */
const MAX_FILTERED_READS = 5;

/**
 * One kind of a ticket's history, newest first: its key prefix read downwards from the top, or from
 * just below the cursor's position (the sort key of the last item returned). BETWEEN is inclusive, so
 * the item at the position itself is read again and dropped.
 */
export async function readHistoryPage<K extends HistoryKind>(tableName: string, id: string, kind: K, query: { limit: number; cursor?: string }): Promise<Page<HistoryItem<K>>> {
  const prefix = kind === 'messages' ? keys.ticketMessagePrefix : kind === 'notes' ? keys.ticketNotePrefix : keys.ticketWorklogPrefix;
  const { pk } = keys.ticket(id);
  const listId = `${pk}|${prefix}`;
  const position = query.cursor === undefined ? undefined : positionFrom(query.cursor, listId);
  if (position !== undefined && !position.startsWith(prefix)) throw invalid('cursor is not valid for this list', [{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: position === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk BETWEEN :prefix AND :at',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix, ...(position === undefined ? {} : { ':at': position }) },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: query.limit + 2,
    }),
  );
  const below = (out.Items ?? []).filter((item) => item.sk !== position);
  const items = below.slice(0, query.limit);
  // More below: read past the page, or stopped short by DynamoDB's 1 MB per Query (long messages).
  const more = below.length > query.limit || (out.LastEvaluatedKey !== undefined && items.length > 0);
  return {
    items: items.map((i) => fromItem<HistoryItem<K>>(i)),
    ...(more ? { nextCursor: encodeCursor({ list: listId, at: items.at(-1)!.sk as string })! } : {}),
  };
}

export async function listTickets(tableName: string, query: TicketQuery): Promise<Page<Ticket>> {
  if (query.customerId) {
    const { gsi1pk } = keys.accountTickets(query.customerId);
    return page(tableName, { index: 'gsi1', pkAttr: 'gsi1pk', skAttr: 'gsi1sk', partitions: [gsi1pk], listId: `${gsi1pk}|${query.status ?? ''}`, ...query });
  }
  const statuses = query.status ? [query.status] : TICKET_STATUSES;
  const partitions = statuses.map((s) => keys.statusTickets(s).gsi2pk);
  return page(tableName, { index: 'gsi2', pkAttr: 'gsi2pk', skAttr: 'gsi2sk', partitions, listId: `TICKETS|${query.status ?? ''}`, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
}

/**
 * One page, newest first, from one or more partitions of an index, merged by sort key and optionally
 * filtered by status. Each partition is known from the top down to its `floor` (the last sort key it
 * examined; none when read to its end); only what lies at or above the highest floor is known for every
 * partition, so only that is returned, and the next page starts below the last ticket returned or below
 * that floor. The cursor is that position, tied to its list, so it never repeats or skips a ticket.
 */
async function page(tableName: string, q: { index: string; pkAttr: string; skAttr: string; partitions: readonly string[]; listId: string; status?: string; limit: number; cursor?: string }): Promise<Page<Ticket>> {
  const position = q.cursor === undefined ? undefined : positionFrom(q.cursor, q.listId);
  const filter = q.partitions.length === 1 ? q.status : undefined;
  const parts = await Promise.all(q.partitions.map((pk) => readPartition(tableName, q, pk, position, filter)));
  const floors = parts.flatMap((p) => (p.floor === undefined ? [] : [p.floor]));
  const floor = floors.length ? floors.reduce((a, b) => (a > b ? a : b)) : undefined;
  const sk = (item: Record<string, unknown>) => item[q.skAttr] as string;
  const known = parts
    .flatMap((p) => p.items)
    .filter((item) => floor === undefined || sk(item) >= floor)
    .sort((a, b) => (sk(a) < sk(b) ? 1 : -1));
  const items = known.slice(0, q.limit);
  const next = known.length > q.limit ? sk(items.at(-1)!) : floor;
  return { items: items.map((i) => fromItem<Ticket>(i)), ...(next ? { nextCursor: encodeCursor({ list: q.listId, at: next })! } : {}) };
}

/**
 * Reads one partition below `position` until it has more than `limit` tickets or reaches its end; a
 * status filter may take several reads (at most MAX_FILTERED_READS, then it stops at a floor).
 */
async function readPartition(tableName: string, q: { index: string; pkAttr: string; skAttr: string; limit: number }, pk: string, position: string | undefined, status: string | undefined): Promise<{ items: Record<string, unknown>[]; floor?: string }> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let read = 1; ; read++) {
    const input: QueryCommandInput = {
      TableName: tableName,
      IndexName: q.index,
      KeyConditionExpression: position === undefined ? '#pk = :pk' : '#pk = :pk AND #sk < :at',
      ExpressionAttributeNames: { '#pk': q.pkAttr, ...(position === undefined ? {} : { '#sk': q.skAttr }), ...(status ? { '#status': 'status' } : {}) },
      ExpressionAttributeValues: { ':pk': pk, ...(position === undefined ? {} : { ':at': position }), ...(status ? { ':status': status } : {}) },
      ...(status ? { FilterExpression: '#status = :status' } : {}),
      ScanIndexForward: false,
      Limit: status ? Math.max(q.limit + 1, 50) : q.limit + 1,
      ExclusiveStartKey: startKey,
    };
    const out = await documentClient().send(new QueryCommand(input));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
    if (!startKey) return { items };
    if (items.length > q.limit || read >= MAX_FILTERED_READS) return { items, floor: startKey[q.skAttr] as string };
  }
}
