import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { BucketState, BucketWrite, CommitOutcome, Guard, LedgerEntry, LedgerTransaction } from '#core/ledger/ledger';
import { IdempotencyRecords } from './idempotency';
import { fromItem } from './items';
import { keys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;

export function bucketFrom(item: Item): BucketState {
  const state = fromItem<BucketState>(item);
  return state.bucket === 'package' ? { ...state, expiryPending: item.gsi2pk !== undefined } : state;
}

/**
 * The guard of `core/ledger/ledger.ts` as a condition expression: the bucket exists, lo ≤ balance ≤ hi, and
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
