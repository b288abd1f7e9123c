import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '#core/tickets/tickets';
import type { QueueEntry, QueueIndex } from '#core/tickets/queue';
import { documentClient } from './client';
import { batchGetAll } from './batch-get';
import { fromItem } from './items';
import { keys } from './keys';

/**
 * The technicians' queue (`keys.ts`): every entry in one Query of the `QUEUE` partition (a 1 MB page holds
 * ~5,000 entries of ~190 bytes; each further ~5,000 take one more page), and a page's tickets with its
 * accounts' names in one BatchGetItem (≤ 100 keys). Entries whose ticket has left the queue (its resolution
 * wrote, its entry's delete did not) are deleted when a page meets them.
 */
export class DynamoQueueIndex implements QueueIndex {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async entries(): Promise<QueueEntry[]> {
    const entries: QueueEntry[] = [];
    const pk = keys.queueEntry('', '').pk;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      for (const item of out.Items ?? []) {
        const sk = item.sk as string;
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
    for (const item of await batchGetAll(this.client, this.tableName, all)) {
      if (item.sk === 'PROFILE') accountNames.set(item.id as string, item.name as string);
      else tickets.push(fromItem<Ticket>(item));
    }
    return { tickets, accountNames };
  }

  /** Deletes the entry of a ticket that has left the queue (only if it still names that ticket at that instant). */
  async dropEntry(dueAt: string, ticketId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.queueEntry(dueAt, ticketId) }));
  }
}
