import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ExportRecord, LineContext } from '#core/exports';
import type { LedgerEntry, SettleRecord } from '#core/ledger';
import type { ExportStore, OpenExport, Page } from '#core/ports';
import { documentClient } from './client';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

type Item = Record<string, unknown>;

/** Entries per stamping transaction: DynamoDB's 100 items, less the head's counter. */
export const STAMP_CHUNK = 99;

function strip<T>(item: Item): T {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, type: _t, ...rest } = item;
  return rest as T;
}

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(5 * 2 ** attempt, 200) * (0.5 + Math.random())));

/**
 * Invoice exports on the single table (`core/exports.ts` states X1–X4 and how they hold): the head item
 * `EXPORTS/HEAD` (the open export and its stamped counter, the latest export), the records `EXPORT#<id>`,
 * and the entries themselves, which move from the `BILLABLE#UNEXPORTED` partition of gsi1 to
 * `EXPORT#<id>#LINES` when stamped.
 */
export class DynamoExportStore implements ExportStore {
  /** Account names by id, for the lines; bounded so a huge export holds no more than this many. */
  private readonly accounts = new Map<string, { name: string; vatNumber?: string }>();

  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async head() {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.exportsHead(), ConsistentRead: true }));
    const item = out.Item ?? {};
    return {
      ...(typeof item.openId === 'string'
        ? { open: { id: item.openId, through: item.openThrough as string, createdAt: item.openCreatedAt as string, stampedCount: Number(item.stampedCount ?? 0) } }
        : {}),
      ...(typeof item.latestId === 'string' ? { latestId: item.latestId } : {}),
    };
  }

  async hasUnexported(through: string): Promise<boolean> {
    // A few items, not one: the index may still list an entry whose stamp it has not caught up with.
    const out = await this.client.send(this.unexportedQuery(through, undefined, 25));
    return (out.Items ?? []).some((i) => i.exportId === undefined);
  }

  async claim(open: OpenExport): Promise<'claimed' | 'taken'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.exportsHead(),
          UpdateExpression: 'SET openId = :id, openThrough = :t, openCreatedAt = :c, stampedCount = :zero',
          ConditionExpression: 'attribute_not_exists(openId)',
          ExpressionAttributeValues: { ':id': open.id, ':t': open.through, ':c': open.createdAt, ':zero': 0 },
        }),
      );
      return 'claimed';
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return 'taken';
      throw err;
    }
  }

  private unexportedQuery(through: string, startKey: Item | undefined, limit?: number) {
    const { gsi1pk } = keys.billableEntry('', '');
    return new QueryCommand({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :through',
      ExpressionAttributeValues: { ':pk': gsi1pk, ':through': keys.billableBefore(through) },
      ...(limit ? { Limit: limit } : {}),
      ExclusiveStartKey: startKey,
    });
  }

  async *unexported(through: string): AsyncIterable<LedgerEntry[]> {
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(this.unexportedQuery(through, startKey));
      // An index read can lag a stamp: an entry already stamped is skipped here, and by its condition.
      const items = (page.Items ?? []).filter((i) => i.exportId === undefined).map((i) => strip<LedgerEntry>(i));
      if (items.length) yield items;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async stamp(exportId: string, entries: readonly LedgerEntry[]): Promise<'stamped' | 'closed'> {
    for (let i = 0; i < entries.length; i += STAMP_CHUNK) {
      if ((await this.stampChunk(exportId, entries.slice(i, i + STAMP_CHUNK))) === 'closed') return 'closed';
    }
    return 'stamped';
  }

  /** One transaction: the head's counter (only while `exportId` is open) and each entry not yet stamped. */
  private async stampChunk(exportId: string, chunk: LedgerEntry[]): Promise<'stamped' | 'closed'> {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.exportsHead(),
                  UpdateExpression: 'ADD stampedCount :n',
                  ConditionExpression: 'openId = :x',
                  ExpressionAttributeValues: { ':n': pending.length, ':x': exportId },
                },
              },
              ...pending.map((e) => {
                const line = keys.exportLine(exportId, e.customerId, e.at, e.id);
                return {
                  Update: {
                    TableName: this.tableName,
                    Key: keys.ledgerEntry(e.customerId, e.at, e.id),
                    UpdateExpression: 'SET exportId = :x, gsi1pk = :lp, gsi1sk = :ls',
                    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(exportId)',
                    ExpressionAttributeValues: { ':x': exportId, ':lp': line.gsi1pk, ':ls': line.gsi1sk },
                  },
                };
              }),
            ],
          }),
        );
        return 'stamped';
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'TransactionCanceledException') {
          const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
          if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'closed';
          // Entries stamped already (by this export or an earlier one) drop out; the rest go again.
          const stamped = new Set(reasons.flatMap((r, i) => (i > 0 && r.Code === 'ConditionalCheckFailed' ? [i - 1] : [])));
          if (stamped.size) pending = pending.filter((_e, i) => !stamped.has(i));
        } else if (name !== 'TransactionConflictException' && name !== 'TransactionInProgressException') {
          throw err;
        }
        if (attempt > 50) throw err;
        await backoff(attempt);
      }
    }
    return 'stamped';
  }

  async *lines(exportId: string): AsyncIterable<{ entry: LedgerEntry; context: LineContext }[]> {
    const { gsi1pk } = keys.exportLine(exportId, '', '', '');
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk },
          ExclusiveStartKey: startKey,
        }),
      );
      const entries = (page.Items ?? []).map((i) => strip<LedgerEntry>(i));
      if (entries.length) yield await this.withContext(entries);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** The account, ticket and (for credits) corrected exports of each entry of a page: batched reads. */
  private async withContext(entries: LedgerEntry[]): Promise<{ entry: LedgerEntry; context: LineContext }[]> {
    const missing = [...new Set(entries.map((e) => e.customerId))].filter((id) => !this.accounts.has(id));
    if (this.accounts.size + missing.length > 10_000) this.accounts.clear();
    for (const item of await this.batchGet(missing.map((id) => keys.customer(id)), 'id, #name, vatNumber')) {
      this.accounts.set(item.id as string, { name: item.name as string, ...(item.vatNumber ? { vatNumber: item.vatNumber as string } : {}) });
    }
    const ticketIds = [...new Set(entries.flatMap((e) => (e.ticketId ? [e.ticketId] : [])))];
    const tickets = new Map(
      (await this.batchGet(ticketIds.map((id) => keys.ticket(id)), 'id, #number, category')).map((t) => [t.id as string, { number: t.number as string, category: t.category as string }]),
    );
    return Promise.all(
      entries.map(async (entry) => {
        const account = this.accounts.get(entry.customerId);
        const ticket = entry.ticketId ? tickets.get(entry.ticketId) : undefined;
        const corrects = entry.bucket === 'consuntivo' && entry.reason === 'give_back' ? await this.corrected(entry) : undefined;
        return { entry, context: { ...(account ? { account } : {}), ...(ticket ? { ticket } : {}), ...(corrects ? { corrects } : {}) } };
      }),
    );
  }

  /** The exports that hold the consuntivo a give-back returns: the ticket's earlier consume entries' stamps. */
  private async corrected(entry: LedgerEntry): Promise<string[]> {
    if (!entry.ticketId) return [];
    const pk = keys.customer(entry.customerId).pk;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': `${keys.settlement(entry.customerId, entry.ticketId).sk}#REV#` },
      }),
    );
    const consumed = (out.Items ?? [])
      .flatMap((r) => (r as unknown as SettleRecord).result.entries)
      .filter((e) => e.bucket === 'consuntivo' && e.reason === 'consume' && (e.revision ?? 0) < (entry.revision ?? Infinity));
    const stamped = await this.batchGet(
      consumed.map((e) => keys.ledgerEntry(e.customerId, e.at, e.id)),
      'exportId',
    );
    return [...new Set(stamped.flatMap((i) => (typeof i.exportId === 'string' ? [i.exportId] : [])))].sort();
  }

  private async batchGet(keyList: { pk: string; sk: string }[], projection: string): Promise<Item[]> {
    const out: Item[] = [];
    const names: Record<string, string> = {};
    if (projection.includes('#name')) names['#name'] = 'name';
    if (projection.includes('#number')) names['#number'] = 'number';
    for (let i = 0; i < keyList.length; i += 100) {
      let request: Record<string, { Keys: Item[]; ProjectionExpression: string; ExpressionAttributeNames?: Record<string, string> }> | undefined = {
        [this.tableName]: { Keys: keyList.slice(i, i + 100), ProjectionExpression: projection, ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}) },
      };
      for (let attempt = 0; request && Object.keys(request).length; attempt++) {
        const res = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        out.push(...(res.Responses?.[this.tableName] ?? []));
        request = res.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length) await backoff(attempt);
      }
    }
    return out;
  }

  async finalize(record: ExportRecord, stampedCount: number): Promise<'finalized' | 'stale' | 'closed'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.exportsHead(),
                UpdateExpression: 'SET latestId = :x REMOVE openId, openThrough, openCreatedAt, stampedCount',
                ConditionExpression: 'openId = :x AND stampedCount = :n',
                ExpressionAttributeValues: { ':x': record.id, ':n': stampedCount },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.exportRecord(record.id), ...keys.exportListed(record.createdAt, record.id), type: 'export', ...record },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'finalized';
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'TransactionCanceledException' && name !== 'TransactionConflictException') throw err;
      return (await this.head()).open?.id === record.id ? 'stale' : 'closed';
    }
  }

  async get(id: string): Promise<ExportRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.exportRecord(id), ConsistentRead: true }));
    return out.Item ? strip<ExportRecord>(out.Item) : undefined;
  }

  async list(query: { limit: number; cursor?: string }): Promise<Page<ExportRecord>> {
    const { gsi1pk } = keys.exportListed('', '');
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, { gsi1pk }),
      }),
    );
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return { items: (out.Items ?? []).map((i) => strip<ExportRecord>(i)), ...(nextCursor ? { nextCursor } : {}) };
  }
}
