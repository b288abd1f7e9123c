import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '#core/tickets/tickets';
import type { QueueEntry, QueueIndex } from '#core/tickets/queue';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';

/**
 * The technicians' queue on gsi3 (`keys.ts`): every entry in one Query (a page holds ~5,000 entries of
 * ~190 bytes; more take one more page per ~5,000), and a page's tickets with its accounts' names in one BatchGetItem (≤ 100 keys).
 */
export class DynamoQueueIndex implements QueueIndex {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async entries(): Promise<QueueEntry[]> {
    const entries: QueueEntry[] = [];
    const pk = keys.queueEntry('', '').gsi3pk;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({ TableName: this.tableName, IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: startKey }),
      );
      for (const item of out.Items ?? []) {
        const sk = item.gsi3sk as string;
        const cut = sk.indexOf('#');
        const [atRiskAt, status, customerId, category] = String(item.queueInfo).split('|');
        entries.push({ dueAt: sk.slice(0, cut), ticketId: sk.slice(cut + 1), atRiskAt: atRiskAt!, status: status as QueueEntry['status'], customerId: customerId!, category: category as QueueEntry['category'] });
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }

  /** The page's tickets and the accounts' names in one BatchGetItem (≤ 100 keys; unprocessed keys are asked again). */
  async rows(ticketIds: readonly string[], customerIds: readonly string[]): Promise<{ tickets: Ticket[]; accountNames: Map<string, string> }> {
    const tickets: Ticket[] = [];
    const accountNames = new Map<string, string>();
    const all = [...ticketIds.map((id) => keys.ticket(id)), ...customerIds.map((id) => keys.customer(id))];
    for (let i = 0; i < all.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [this.tableName]: { Keys: all.slice(i, i + 100) } };
      while (request && Object.keys(request).length) {
        const out = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          if (item.sk === 'PROFILE') accountNames.set(item.id as string, item.name as string);
          else tickets.push(fromItem<Ticket>(item));
        }
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return { tickets, accountNames };
  }
}
