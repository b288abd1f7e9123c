import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffMs } from '#core/backoff';

type Item = Record<string, unknown>;

/** Unprocessed keys are asked for again after this backoff (DynamoDB's advice for BatchGetItem). */
const RETRY = { baseMs: 5, capMs: 200 } as const;

/** How a batch read reads: the attributes to keep (all when absent), strong consistency, requests in flight at most. */
export interface BatchGetOptions {
  attributes?: readonly string[];
  consistent?: boolean;
  /** At most this many BatchGetItem calls at once (default: every batch at once). */
  inFlight?: number;
}

/**
 * Every item of `keyList` that exists: up to 100 keys per BatchGetItem (its limit), the batches in parallel
 * (at most `inFlight` at once), unprocessed keys asked for again with backoff until none are left. Each
 * attribute goes by a placeholder (some, such as `number` and `name`, are reserved words). Order is not kept.
 * The one BatchGet loop of the adapters.
 */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keyList: readonly Item[], options: readonly string[] | BatchGetOptions = {}): Promise<Item[]> {
  const { attributes, consistent, inFlight } = Array.isArray(options) ? { attributes: options as readonly string[] } : (options as BatchGetOptions);
  const names = attributes ? Object.fromEntries(attributes.map((a) => [`#${a}`, a])) : undefined;
  const shape = {
    ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
    ...(consistent ? { ConsistentRead: true } : {}),
  };
  const out: Item[] = [];
  const one = async (batch: Item[]) => {
    let request: Record<string, { Keys: Item[] }> | undefined = { [tableName]: { Keys: batch, ...shape } };
    for (let attempt = 0; request && Object.keys(request).length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs(attempt - 1, RETRY)));
      const res = await client.send(new BatchGetCommand({ RequestItems: request }));
      out.push(...(res.Responses?.[tableName] ?? []));
      request = res.UnprocessedKeys as typeof request;
    }
  };
  const batches: Item[][] = [];
  for (let i = 0; i < keyList.length; i += 100) batches.push(keyList.slice(i, i + 100));
  const lanes = Math.max(1, Math.min(inFlight ?? batches.length, batches.length));
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < batches.length) await one(batches[next++]!);
  }));
  return out;
}
