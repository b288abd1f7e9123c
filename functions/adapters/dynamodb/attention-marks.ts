import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AttentionMark, AttentionMarks } from '#core/tickets/attention';
import type { Page } from '#core/ports';
import { documentClient } from './client';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

/** The `ATTENTION` partition: one marker per flagged ticket (`ticket-workflow-store.ts` writes them). */
export class DynamoAttentionMarks implements AttentionMarks {
  constructor(private readonly tableName: string) {}

  async page(query: { limit: number; cursor?: string }): Promise<Page<AttentionMark>> {
    const { pk } = keys.attentionMark('');
    const start = decodeCursor(query.cursor, { pk });
    const out = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        // Ticket ids are ULIDs: newest tickets first.
        ScanIndexForward: false,
        Limit: query.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const next = encodeCursor(out.LastEvaluatedKey);
    return { items: (out.Items ?? []).map((i) => ({ ticketId: i.ticketId as string, at: i.at as string })), ...(next ? { nextCursor: next } : {}) };
  }

  async drop(mark: AttentionMark): Promise<void> {
    try {
      await documentClient().send(
        new DeleteCommand({ TableName: this.tableName, Key: keys.attentionMark(mark.ticketId), ConditionExpression: '#at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': mark.at } }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }
}
