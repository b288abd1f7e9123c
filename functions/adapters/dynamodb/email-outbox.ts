import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EMAIL_LEASE_SECONDS } from '#core/notifications/send';
import type { EmailOutbox } from '#core/ports';
import { documentClient } from './client';
import { keys } from './keys';

type Claim = Awaited<ReturnType<EmailOutbox['claim']>>;

/**
 * The record of every customer email, written before it is sent (`claim`: `sending`, with a lease that
 * outlives the attempt) and marked after (`sent`). An attempt that certainly sent nothing gives the claim
 * back (`released`); one whose outcome is unknown leaves `unconfirmed`, and so does a lease that lapsed
 * on `sending` (its attempt is over, its SES call may have gone through). `sent` and `unconfirmed` are
 * final: nothing here ever sends the same notice twice.
 */
export class DynamoEmailOutbox implements EmailOutbox {
  constructor(
    private readonly tableName: string,
    private readonly leaseSeconds = EMAIL_LEASE_SECONDS,
  ) {}

  async claim(noticeId: string, record: { to: string; subject: string; customerId: string }, now: Date, tries = 3): Promise<Claim> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.email(noticeId), type: 'email', noticeId, ...record, status: 'sending', claimedUntil: now.getTime() + this.leaseSeconds * 1000, claimedAt: now.toISOString() },
          // `sending` with a zero lease: released by the code before the `released` state existed.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :released OR (#status = :sending AND claimedUntil = :zero)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':released': 'released', ':sending': 'sending', ':zero': 0 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      // The exception carries the item in wire format: the DocumentClient does not unmarshall errors.
      const old = (err as { Item?: { status?: { S?: string }; claimedUntil?: { N?: string } } }).Item;
      const status = old?.status?.S;
      if (status === 'sent') return 'sent';
      if (status === 'unconfirmed') return 'unconfirmed';
      if (Number(old?.claimedUntil?.N ?? 0) >= now.getTime()) return 'busy';
      // A lapsed lease: the attempt that held it is over and did not say how its send ended.
      const lapsed = await this.toUnconfirmed(noticeId, 'the lease lapsed with the send in flight (the attempt died or could not record it)', now, true);
      if (lapsed) return 'unconfirmed';
      // It changed under us (sent, released, claimed again): look again, a few times at most.
      return tries > 1 ? this.claim(noticeId, record, now, tries - 1) : 'busy';
    }
  }

  async markSent(noticeId: string, messageId: string, now: Date): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.email(noticeId),
        UpdateExpression: 'SET #status = :sent, messageId = :id, sentAt = :at REMOVE claimedUntil, unconfirmedReason',
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
        UpdateExpression: 'SET #status = :released REMOVE claimedUntil',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released', ':sending': 'sending' },
      }),
    ).catch(() => undefined);
  }

  async markUnconfirmed(noticeId: string, reason: string, now: Date): Promise<void> {
    await this.toUnconfirmed(noticeId, reason, now, false);
  }

  /** `sending` → `unconfirmed` (only once the lease lapsed when `lapsed`); false when it was not `sending` any more. */
  private async toUnconfirmed(noticeId: string, reason: string, now: Date, lapsed: boolean): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.email(noticeId),
          UpdateExpression: 'SET #status = :unconfirmed, unconfirmedReason = :reason, unconfirmedAt = :at REMOVE claimedUntil',
          ConditionExpression: lapsed ? '#status = :sending AND claimedUntil < :now AND claimedUntil > :zero' : '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':unconfirmed': 'unconfirmed', ':sending': 'sending', ':reason': reason.slice(0, 500), ':at': now.toISOString(), ...(lapsed ? { ':now': now.getTime(), ':zero': 0 } : {}) },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }
}
