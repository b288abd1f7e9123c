import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountName, AccountNames } from '#core/incidents/listing';
import type { Page } from '#core/ports';
import { batchGetAll } from './batch-get';
import { documentClient } from './client';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

/** Account names: by id (BatchGet of the profiles) and by name (the `CUSTOMERS` partition of gsi1). */
export class DynamoAccountNames implements AccountNames {
  constructor(private readonly tableName: string) {}

  async names(ids: readonly string[]): Promise<Map<string, string>> {
    const items = await batchGetAll(documentClient(), this.tableName, ids.map((id) => keys.customer(id)), ['id', 'name']);
    return new Map(items.map((item) => [item.id as string, item.name as string]));
  }

  async list(query: { limit: number; cursor?: string }): Promise<Page<AccountName>> {
    const { gsi1pk } = keys.customerByName('', '');
    const start = decodeCursor(query.cursor, { gsi1pk });
    const out = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ExpressionAttributeNames: { '#name': 'name' },
        ProjectionExpression: 'id, #name, pk, sk, gsi1pk, gsi1sk',
        Limit: query.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (out.Items ?? []).map((i) => ({ id: i.id as string, name: i.name as string }));
    const next = encodeCursor(out.LastEvaluatedKey);
    return { items, ...(next ? { nextCursor: next } : {}) };
  }
}
