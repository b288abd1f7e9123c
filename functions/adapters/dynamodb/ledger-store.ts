import { GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { BucketState, BucketWrite, CommitOutcome, Guard, LedgerEntry, LedgerTransaction, SettleRecord, TicketSettlement } from '#core/ledger/ledger';
import type { CatalogueItem } from '#core/catalogue/packages';
import type { CatalogueStore, EntryPage, LedgerAudit, LedgerSnapshot, LedgerStore, SettingsStore } from '#core/ports';
import type { BillingSettings } from '#core/billing/settings';
import { documentClient } from './client';
import { IdempotencyRecords } from './idempotency';
import { fromItem } from './items';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;


function bucketFrom(item: Item): BucketState {
  const state = fromItem<BucketState>(item);
  return state.bucket === 'package' ? { ...state, expiryPending: item.gsi2pk !== undefined } : state;
}

/**
 * The guard of `core/ledger.ts` as a condition expression: the bucket exists, lo ≤ balance ≤ hi, and
 * its granted minutes are those the plan read. Built here so the DynamoDB condition and the pure
 * `guardHolds` say the same thing.
 */
function guardCondition(guard: Guard): { expression: string; values: Item } {
  const parts = ['attribute_exists(pk)'];
  const values: Item = {};
  if (guard.minBalance !== undefined) {
    parts.push('balanceMinutes >= :lo');
    values[':lo'] = guard.minBalance;
  }
  if (guard.maxBalance !== undefined) {
    parts.push('balanceMinutes <= :hi');
    values[':hi'] = guard.maxBalance;
  }
  if (guard.grantedMinutes !== undefined) {
    parts.push('grantedMinutes = :g');
    values[':g'] = guard.grantedMinutes;
  }
  if (guard.packageCount !== undefined) {
    parts.push('packageCount = :n');
    values[':n'] = guard.packageCount;
  }
  return { expression: parts.join(' AND '), values };
}

function bucketItem(tableName: string, w: BucketWrite, customerId: string): TransactItem {
  if (w.op === 'check') {
    const condition = guardCondition(w.guard);
    return {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.ledgerBucket(customerId, w.ref),
        ConditionExpression: condition.expression,
        ...(Object.keys(condition.values).length ? { ExpressionAttributeValues: condition.values } : {}),
      },
    };
  }
  if (w.op === 'create') {
    const { expiryPending, ...state } = w.state;
    return {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.ledgerBucket(customerId, state),
          ...(expiryPending ? keys.packageExpiry(state.expiresAt!, customerId, state.packageId!) : {}),
          type: 'bucket',
          ...state,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
  const names: Record<string, string> = {};
  const values: Item = { ':d': w.deltaMinutes };
  const set: string[] = [];
  const add = ['balanceMinutes :d'];
  const remove: string[] = [];
  if (w.grantedDeltaMinutes) {
    add.push('grantedMinutes :gd');
    values[':gd'] = w.grantedDeltaMinutes;
  }
  if (w.ref.bucket === 'consuntivo') {
    // Created by its month's first entry: the update writes the whole item shape.
    Object.assign(names, { '#type': 'type', '#bucket': 'bucket', '#period': 'period' });
    Object.assign(values, { ':type': 'bucket', ':c': customerId, ':b': 'consuntivo', ':p': w.ref.period, ':a': w.amountCentsDelta, ':zero': 0 });
    set.push('#type = :type', 'customerId = :c', '#bucket = :b', '#period = :p');
    add.push('amountCents :a', 'grantedMinutes :zero');
  }
  if (w.packageCountDelta) {
    add.push('packageCount :pc');
    values[':pc'] = w.packageCountDelta;
  }
  if (w.expiry?.pending) {
    const index = keys.packageExpiry(w.expiry.expiresAt, customerId, w.ref.packageId!);
    set.push('gsi2pk = :x1', 'gsi2sk = :x2');
    values[':x1'] = index.gsi2pk;
    values[':x2'] = index.gsi2sk;
  } else if (w.expiry) {
    remove.push('gsi2pk', 'gsi2sk');
  }
  const condition = w.guard ? guardCondition(w.guard) : undefined;
  return {
    Update: {
      TableName: tableName,
      Key: keys.ledgerBucket(customerId, w.ref),
      UpdateExpression: `${set.length ? `SET ${set.join(', ')} ` : ''}ADD ${add.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: { ...values, ...condition?.values },
      ...(condition ? { ConditionExpression: condition.expression } : {}),
    },
  };
}

/** Consuntivo and purchase entries are what the invoice exports read, by position (gsi1). */
const isBillable = (e: LedgerEntry) => e.bucket === 'consuntivo' || e.reason === 'purchase';

function entryItem(tableName: string, e: LedgerEntry): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.ledgerEntry(e.customerId, e.at, e.id),
        ...(isBillable(e) ? keys.billableEntry(e.at, e.id) : {}),
        type: 'entry',
        ...e,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The items of one ledger transaction, and which of them are once-only records (a failed condition on
 * one of those means the operation was already done, not that the plan went stale).
 */
export function ledgerTransactItems(tableName: string, tx: LedgerTransaction, now: Date, idempotency = new IdempotencyRecords(tableName)): { items: TransactItem[]; onceOnly: number[] } {
  const items: TransactItem[] = [];
  const onceOnly: number[] = [];
  const { customerId } = tx;
  if (tx.settleRecord) {
    const r = tx.settleRecord;
    onceOnly.push(items.length);
    items.push({ Put: { TableName: tableName, Item: { ...keys.settleRecord(customerId, r.ticketId, r.revision), type: 'settle-record', ...r }, ConditionExpression: 'attribute_not_exists(pk)' } });
  }
  if (tx.order) {
    onceOnly.push(items.length);
    items.push({ Put: { TableName: tableName, Item: { ...keys.packageOrder(customerId, tx.order.orderId), type: 'order', ...tx.order }, ConditionExpression: 'attribute_not_exists(pk)' } });
  }
  if (tx.idempotency) {
    const i = tx.idempotency;
    onceOnly.push(items.length);
    items.push(idempotency.record(i.scope, i.key, i.hash, i.response, now));
  }
  if (tx.settlement) {
    const { next, expectedVersion } = tx.settlement;
    items.push({
      Put: {
        TableName: tableName,
        Item: { ...keys.settlement(customerId, next.ticketId), type: 'settlement', ...next },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#version = :v', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':v': expectedVersion } }),
      },
    });
  }
  for (const w of tx.buckets) items.push(bucketItem(tableName, w, customerId));
  for (const e of tx.entries) items.push(entryItem(tableName, e));
  if (items.length > 100) throw new Error(`a ledger transaction of ${items.length} items exceeds DynamoDB's 100`);
  return { items, onceOnly };
}

/** What a cancelled ledger transaction means: the operation was already done, or the plan went stale. */
export function commitOutcomeOf(err: unknown, onceOnly: readonly number[]): CommitOutcome | undefined {
  const name = (err as Error).name;
  if (name === 'TransactionConflictException' || name === 'TransactionInProgressException') return 'conflict';
  if (name !== 'TransactionCanceledException') return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  if (onceOnly.some((i) => reasons[i]?.Code === 'ConditionalCheckFailed')) return 'duplicate';
  if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) return 'conflict';
  return undefined;
}

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

/** Finance's catalogue edits: one item per package id under `CATALOGUE`. */
export class DynamoCatalogueStore implements CatalogueStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async stored(): Promise<CatalogueItem[]> {
    const out = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.catalogueItem('').pk }, ConsistentRead: true }),
    );
    return (out.Items ?? []).map((i) => fromItem<CatalogueItem>(i));
  }

  async put(item: CatalogueItem): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.catalogueItem(item.id), type: 'catalogue-item', ...item } }));
  }
}

/** The installation's billing settings item (absent: the defaults). */
export class DynamoSettingsStore implements SettingsStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async overrides(): Promise<Partial<BillingSettings>> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.settings() }));
    return out.Item ? fromItem<Partial<BillingSettings>>(out.Item) : {};
  }
}
