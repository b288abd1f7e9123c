import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BucketState, CommitOutcome, LedgerEntry, LedgerTransaction, SettleRecord, TicketSettlement } from '#core/ledger/ledger';
import type { EntryPage, LedgerAudit, LedgerSnapshot, LedgerStore } from '#core/ports';
import { documentClient } from './client';
import { IdempotencyRecords } from './idempotency';
import { fromItem } from './items';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';
import { bucketFrom, ledgerTransactItems, commitOutcomeOf } from './ledger-transaction';

type Item = Record<string, unknown>;

function collect(snapshot: LedgerSnapshot, item: Item): void {
  if (item.type === 'bucket') snapshot.buckets.push(bucketFrom(item));
  else if (item.type === 'entry') snapshot.entries.push(fromItem<LedgerEntry>(item));
  else if (item.type === 'settlement') snapshot.settlements.push(fromItem<TicketSettlement>(item));
}

/** The hours ledger on the single table: buckets, entries, settlements, orders (see `keys.ts`). */
export class DynamoLedgerStore implements LedgerStore, LedgerAudit {
  private readonly idempotency: IdempotencyRecords;

  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {
    this.idempotency = new IdempotencyRecords(tableName);
  }

  async buckets(customerId: string): Promise<BucketState[]> {
    const out: BucketState[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':prefix': keys.ledgerBucketPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(bucketFrom(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  async settlement(customerId: string, ticketId: string): Promise<TicketSettlement | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.settlement(customerId, ticketId), ConsistentRead: true }));
    return out.Item ? fromItem<TicketSettlement>(out.Item) : undefined;
  }

  async settleRecord(customerId: string, ticketId: string, revision: number): Promise<SettleRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.settleRecord(customerId, ticketId, revision), ConsistentRead: true }));
    return out.Item ? fromItem<SettleRecord>(out.Item) : undefined;
  }

  async commit(tx: LedgerTransaction, now: Date): Promise<CommitOutcome> {
    const { items, onceOnly } = ledgerTransactItems(this.tableName, tx, now, this.idempotency);
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (err) {
      const outcome = commitOutcomeOf(err, onceOnly);
      if (outcome) return outcome;
      throw err;
    }
  }

  async entries(customerId: string, query: { from?: string; to?: string; limit: number; cursor?: string }): Promise<EntryPage> {
    const pk = keys.customer(customerId).pk;
    const range = keys.ledgerEntryRange(query.from, query.to);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': pk, ':lo': range.lo, ':hi': range.hi },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, { pk }),
      }),
    );
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return { items: (out.Items ?? []).map((i) => fromItem<LedgerEntry>(i)), ...(nextCursor ? { nextCursor } : {}) };
  }

  async packagesToExpire(at: Date): Promise<{ customerId: string; packageId: string }[]> {
    const out: { customerId: string; packageId: string }[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :upTo',
          ExpressionAttributeValues: { ':pk': keys.packageExpiry('', '', '').gsi2pk, ':upTo': keys.packageExpiryUpTo(at.toISOString()) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) out.push({ customerId: item.customerId as string, packageId: item.packageId as string });
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  replay(scope: string, key: string, hash: string, now: Date) {
    return this.idempotency.replay(scope, key, hash, now);
  }

  /** One account's ledger items: one Query of its partition. */
  async account(customerId: string): Promise<LedgerSnapshot> {
    const snapshot: LedgerSnapshot = { customerId, buckets: [], entries: [], settlements: [] };
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) collect(snapshot, item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return snapshot;
  }

  /** Every ledger item of the table, grouped by account (a Scan: reconcile's, never a request's). */
  async *accounts(): AsyncIterable<LedgerSnapshot> {
    const byAccount = new Map<string, LedgerSnapshot>();
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#type IN (:b, :e, :s)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':b': 'bucket', ':e': 'entry', ':s': 'settlement' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const customerId = item.customerId as string;
        let snapshot = byAccount.get(customerId);
        if (!snapshot) byAccount.set(customerId, (snapshot = { customerId, buckets: [], entries: [], settlements: [] }));
        collect(snapshot, item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    yield* [...byAccount.values()].sort((a, b) => a.customerId.localeCompare(b.customerId));
  }
}
