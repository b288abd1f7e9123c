import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffMs } from '#core/backoff';

type Item = Record<string, unknown>;

/** Unprocessed keys are asked for again after this backoff (DynamoDB's advice for BatchGetItem). */
const RETRY = { baseMs: 5, capMs: 200 } as const;

/**
 * Every item of `keyList` that exists, with the named attributes: up to 100 keys per BatchGetItem (its limit),
 * the batches in parallel, unprocessed keys asked for again with backoff until none are left. Each attribute
 * goes by a placeholder (some, such as `number` and `name`, are reserved words). Order is not kept.
 */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keyList: readonly Item[], attributes: readonly string[]): Promise<Item[]> {
  const names = Object.fromEntries(attributes.map((a) => [`#${a}`, a]));
  const projection = { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names };
  const out: Item[] = [];
  const one = async (batch: Item[]) => {
    let request: Record<string, { Keys: Item[]; ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> }> | undefined = { [tableName]: { Keys: batch, ...projection } };
    for (let attempt = 0; request && Object.keys(request).length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs(attempt - 1, RETRY)));
      const res = await client.send(new BatchGetCommand({ RequestItems: request }));
      out.push(...(res.Responses?.[tableName] ?? []));
      request = res.UnprocessedKeys as typeof request;
    }
  };
  const batches: Item[][] = [];
  for (let i = 0; i < keyList.length; i += 100) batches.push(keyList.slice(i, i + 100));
  await Promise.all(batches.map(one));
  return out;
}
