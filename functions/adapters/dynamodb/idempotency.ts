import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { conflict } from '#core/errors';
import { IDEMPOTENCY_TTL_DAYS, type IdempotentResponse } from '#core/idempotency';
import { documentClient } from './client';
import { keys } from './keys';
import { TTL_ATTRIBUTE } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The idempotency record as one more item of the business transaction: it only goes in if the key is
 * new (or its earlier use has expired), so two concurrent requests with one key commit once.
 * Usage: `replay()` first; if nothing, write `[...items, record()]`; if that transaction is cancelled on
 * the record's condition, a concurrent twin won: `replay()` again.
 */
export class IdempotencyRecords {
  constructor(private readonly tableName: string) {}

  record(scope: string, key: string, hash: string, response: IdempotentResponse, now: Date): TransactItem {
    const nowEpoch = Math.floor(now.getTime() / 1000);
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.idempotency(scope, key),
          type: 'idempotency',
          requestHash: hash,
          response,
          createdAt: now.toISOString(),
          [TTL_ATTRIBUTE]: nowEpoch + IDEMPOTENCY_TTL_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':now': nowEpoch },
      },
    };
  }

  /** The first response for this key, or undefined if the key is new or expired; 409 if the body differs. */
  async replay(scope: string, key: string, hash: string, now: Date): Promise<IdempotentResponse | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }));
    const item = out.Item;
    // TTL deletion is late (and unreliable on DynamoDB Local): expiry is checked here too.
    if (!item || (item[TTL_ATTRIBUTE] as number) < Math.floor(now.getTime() / 1000)) return undefined;
    if (item.requestHash !== hash) throw conflict('this Idempotency-Key was already used with a different request body');
    return item.response as IdempotentResponse;
  }
}

/** True when a cancelled transaction failed on the item at `index` because its condition did not hold. */
export function cancelledOn(err: unknown, index: number): boolean {
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (err as Error).name === 'TransactionCanceledException' && reasons?.[index]?.Code === 'ConditionalCheckFailed';
}
