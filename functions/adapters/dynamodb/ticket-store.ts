import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryItem, HistoryKind, Page, TicketEntry, TicketQuery, TicketStore, TicketWithHistory } from '#core/ports';
import type { IdempotencyRecord } from '#core/idempotency';
import type { TicketAudit } from '#core/tickets/audit';
import type { Ticket, Worklog } from '#core/tickets/tickets';
import { type TicketChange } from '#core/tickets/changes';
import { queueClock } from '#core/tickets/sla';
import { documentClient } from './client';
import { cancelledOn, IdempotencyRecords } from './idempotency';
import { batchGetAll } from './batch-get';
import { fromItem } from './items';
import { keys } from './keys';
import { listTickets, readHistoryPage } from './ticket-lists';

/** A ticket's entry in the queue (`keys.ts`): at the due instant of the clock it races; none once out of it. */
export function queueEntryItem(ticket: Pick<Ticket, 'id' | 'status' | 'customerId' | 'category' | 'createdAt' | 'firstResponseAt' | 'slaTargets'>): Record<string, string> | undefined {
  const clock = queueClock(ticket);
  if (!clock) return undefined;
  return { ...keys.queueEntry(clock.dueAt, ticket.id), type: 'queue-entry', queueInfo: keys.queueInfo(clock.atRiskAt, ticket.status, ticket.customerId, ticket.category) };
}

/**
 * Tickets on the single table (access patterns in `keys.ts`): the ticket item and its history share the
 * partition `TICKET#<id>`; the ticket item carries its place in the account list (gsi1) and in the status
 * queue (gsi2), which DynamoDB moves when the status changes. The writes are here; the paged reads (history
 * pages, the ticket lists) are in `ticket-lists.ts`, which the methods of the same names call with the table.
 */
export class DynamoTicketStore implements TicketStore, TicketAudit {
  private readonly idempotency: IdempotencyRecords;

  constructor(private readonly tableName: string) {
    this.idempotency = new IdempotencyRecords(tableName);
  }

  /** The item as written: the record plus its keys. */
  private item(ticket: Ticket): Record<string, unknown> {
    const sk = keys.ticketListSk(ticket.createdAt, ticket.id);
    return {
      ...keys.ticket(ticket.id),
      ...keys.accountTickets(ticket.customerId),
      gsi1sk: sk,
      ...keys.statusTickets(ticket.status),
      gsi2sk: sk,
      type: 'ticket',
      ...ticket,
    };
  }

  async nextSequence(year: number): Promise<number> {
    const out = await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.ticketCounter(year),
        UpdateExpression: 'ADD #seq :one SET #type = :type',
        ExpressionAttributeNames: { '#seq': 'sequence', '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'counter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return out.Attributes!.sequence as number;
  }

  async create(ticket: Ticket, claim: IdempotencyRecord | undefined, now: Date): Promise<'created' | 'key-taken'> {
    const items = [
      { Put: { TableName: this.tableName, Item: this.item(ticket), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.ticketNumber(ticket.number), type: 'ticket-number', ticketId: ticket.id, customerId: ticket.customerId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(claim ? [this.idempotency.record(claim.scope, claim.key, claim.hash, claim.response, now)] : []),
    ];
    const entry = queueEntryItem(ticket);
    if (entry) items.push({ Put: { TableName: this.tableName, Item: entry } } as (typeof items)[number]);
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return 'created';
    } catch (err) {
      if (claim && cancelledOn(err, 2)) return 'key-taken';
      throw err;
    }
  }

  async get(id: string): Promise<Ticket | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.ticket(id), ConsistentRead: true }));
    return out.Item ? fromItem<Ticket>(out.Item) : undefined;
  }

  async numbers(ids: readonly string[]): Promise<Map<string, { number: string; customerId: string }>> {
    const items = await batchGetAll(documentClient(), this.tableName, [...new Set(ids)].map((id) => keys.ticket(id)), ['id', 'number', 'customerId']);
    return new Map(items.map((item) => [item.id as string, { number: item.number as string, customerId: item.customerId as string }]));
  }

  async getWithHistory(id: string, historyLimit: number): Promise<TicketWithHistory | undefined> {
    const [ticket, messages, worklogs] = await Promise.all([this.get(id), this.historyPage(id, 'messages', { limit: historyLimit }), this.historyPage(id, 'worklogs', { limit: historyLimit })]);
    if (!ticket) return undefined;
    return {
      ticket,
      messages: messages.items,
      worklogs: worklogs.items,
      ...(messages.nextCursor ? { messagesNextCursor: messages.nextCursor } : {}),
      ...(worklogs.nextCursor ? { worklogsNextCursor: worklogs.nextCursor } : {}),
    };
  }

  /** One kind of a ticket's history, newest first (`ticket-lists.ts`). */
  async historyPage<K extends HistoryKind>(id: string, kind: K, query: { limit: number; cursor?: string }): Promise<Page<HistoryItem<K>>> {
    return readHistoryPage(this.tableName, id, kind, query);
  }

  async worklogs(id: string): Promise<Worklog[]> {
    const worklogs: Worklog[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await documentClient().send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :work)',
          ExpressionAttributeValues: { ':pk': keys.ticket(id).pk, ':work': keys.ticketWorklogPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) worklogs.push(fromItem<Worklog>(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return worklogs;
  }

  /**
   * Reconcile's read of every closed ticket: the `TICKETS#closed` partition of gsi2, a page at a time
   * (a Query, never a Scan; eventually consistent, so reconcile reads a ticket again before it reports it).
   */
  async *closedTickets(): AsyncIterable<Ticket[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await documentClient().send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.statusTickets('closed').gsi2pk },
          ExclusiveStartKey: startKey,
        }),
      );
      yield (out.Items ?? []).map((i) => fromItem<Ticket>(i));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  async idByNumber(number: string): Promise<string | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.ticketNumber(number), ProjectionExpression: 'ticketId' }));
    return out.Item?.ticketId as string | undefined;
  }

  /** Newest first, merged from the partitions of an index (`ticket-lists.ts`). */
  async list(query: TicketQuery): Promise<Page<Ticket>> {
    return listTickets(this.tableName, query);
  }

  /** The first staff answer moves the ticket from its first-response clock to its resolution clock in the queue, in the same transaction. */
  private queueMove(ticket: Ticket, change: TicketChange): ({ Delete: { TableName: string; Key: Record<string, string> } } | { Put: { TableName: string; Item: Record<string, string> } })[] {
    if (!change.status && !change.firstResponseAt) return [];
    const before = queueEntryItem(ticket);
    const after = queueEntryItem({ ...ticket, status: change.status ?? ticket.status, ...(change.firstResponseAt ? { firstResponseAt: change.firstResponseAt } : {}) });
    if (before?.sk === after?.sk && before?.queueInfo === after?.queueInfo) return [];
    return [
      ...(before && before.sk !== after?.sk ? [{ Delete: { TableName: this.tableName, Key: { pk: before.pk!, sk: before.sk! } } }] : []),
      ...(after ? [{ Put: { TableName: this.tableName, Item: after } }] : []),
    ];
  }

  async append(ticket: Ticket, change: TicketChange, entry: TicketEntry): Promise<'written' | 'stale'> {
    const names: Record<string, string> = { '#status': 'status', '#revision': 'revision' };
    const values: Record<string, unknown> = { ':expected': change.expectedStatus, ':customerId': ticket.customerId, ':one': 1 };
    const set: string[] = [];
    const add = ['#revision :one'];
    if (change.status) {
      set.push('#status = :status', '#gsi2pk = :gsi2pk');
      names['#gsi2pk'] = 'gsi2pk';
      values[':status'] = change.status;
      values[':gsi2pk'] = keys.statusTickets(change.status).gsi2pk;
    }
    if (change.firstResponseAt) {
      set.push('firstResponseAt = :firstResponseAt');
      values[':firstResponseAt'] = change.firstResponseAt;
    }
    if (change.addMinutes) {
      add.push('loggedMinutes :minutes');
      values[':minutes'] = change.addMinutes;
    }
    let condition = '#status = :expected AND customerId = :customerId';
    if (change.expectedRevision !== undefined) {
      condition += ' AND #revision = :seenRevision';
      values[':seenRevision'] = change.expectedRevision;
    }
    const put =
      'message' in entry
        ? { ...keys.ticketMessage(ticket.id, entry.message.at, entry.message.id), type: 'message', ...entry.message }
        : 'note' in entry
          ? { ...keys.ticketNote(ticket.id, entry.note.at, entry.note.id), type: 'note', ...entry.note }
          : { ...keys.ticketWorklog(ticket.id, entry.worklog.at, entry.worklog.id), type: 'worklog', ...entry.worklog };
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.ticket(ticket.id),
                UpdateExpression: `${set.length ? `SET ${set.join(', ')} ` : ''}ADD ${add.join(', ')}`,
                // The decision was made on this status and this account (and revision, when the writer sent one).
                ConditionExpression: condition,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            { Put: { TableName: this.tableName, Item: put, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...this.queueMove(ticket, change),
          ],
        }),
      );
      return 'written';
    } catch (err) {
      if (cancelledOn(err, 0)) return 'stale';
      throw err;
    }
  }
}
