import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountName, AccountNames } from '#core/incidents/listing';
import type { Page } from '#core/ports';
import { documentClient } from './client';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

/** Account names: by id (BatchGet of the profiles) and by name (the `CUSTOMERS` partition of gsi1). */
export class DynamoAccountNames implements AccountNames {
  constructor(private readonly tableName: string) {}

  async names(ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> }> | undefined = {
        [this.tableName]: { Keys: ids.slice(i, i + 100).map((id) => keys.customer(id)), ProjectionExpression: 'id, #name', ExpressionAttributeNames: { '#name': 'name' } },
      };
      while (request && Object.keys(request).length) {
        const out = await documentClient().send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) found.set(item.id as string, item.name as string);
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
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
