import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EmailOutbox } from '#core/ports';
import { documentClient } from './client';
import { keys } from './keys';

/**
 * The record of every customer email, written before it is sent (`claim`) and marked after (`markSent`).
 * A claim is a short lease, so a step that died mid-send can be retried; a sent record is final.
 */
export class DynamoEmailOutbox implements EmailOutbox {
  constructor(private readonly tableName: string) {}

  async claim(noticeId: string, record: { to: string; subject: string; customerId: string }, now: Date, leaseSeconds = 60): Promise<'claimed' | 'sent' | 'busy'> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.email(noticeId), type: 'email', noticeId, ...record, status: 'sending', claimedUntil: now.getTime() + leaseSeconds * 1000, claimedAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status <> :sent AND claimedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':now': now.getTime() },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      // The exception carries the item in wire format: the DocumentClient does not unmarshall errors.
      const old = (err as { Item?: { status?: { S?: string } } }).Item;
      return old?.status?.S === 'sent' ? 'sent' : 'busy';
    }
  }

  async markSent(noticeId: string, messageId: string, now: Date): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.email(noticeId),
        UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :at REMOVE claimedUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':id': messageId, ':at': now.toISOString() },
      }),
    );
  }

  async release(noticeId: string): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.email(noticeId),
        UpdateExpression: 'SET claimedUntil = :zero',
        ConditionExpression: '#status <> :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':zero': 0, ':sent': 'sent' },
      }),
    ).catch(() => undefined);
  }
}
