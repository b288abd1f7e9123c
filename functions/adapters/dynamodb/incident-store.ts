import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { invalid } from '#core/errors';
import type { Incident } from '#core/incidents/incidents';
import type { IncidentCoverage, IncidentStore } from '#core/ports';
import { batchGetAll } from './batch-get';
import { documentClient } from './client';
import { fromItem } from './items';
import { cancelledOn } from './idempotency';
import { keys } from './keys';

/**
 * Incidents on the single table: the incident item (`INCIDENT#<id>`) and one coverage record per affected
 * account in the account's partition (`CUSTOMER#<id>` / `INCIDENT#<startedAt>#<id>`), written and closed
 * together in one transaction, so "what covered this account at t" is one Query and never a Scan.
 */
export class DynamoIncidentStore implements IncidentStore {
  constructor(private readonly tableName: string) {}

  async create(incident: Incident): Promise<void> {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...keys.incident(incident.id), ...keys.incidentListed('active', incident.startedAt, incident.id), type: 'incident', ...incident }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...incident.customerIds.map((customerId) => ({
            Put: {
              TableName: this.tableName,
              Item: { ...keys.incidentCoverage(customerId, incident.startedAt, incident.id), type: 'incident-coverage', incidentId: incident.id, startedAt: incident.startedAt, title: incident.title },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        ],
      }),
    );
  }

  async get(id: string): Promise<Incident | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.incident(id), ConsistentRead: true }));
    return out.Item ? fromItem<Incident>(out.Item) : undefined;
  }

  async close(incident: Incident): Promise<'closed' | 'already-closed'> {
    const closed = { ':closed': 'closed', ':closedAt': incident.closedAt, ':closedBy': incident.closedBy, ':closedList': keys.incidentListed('closed', incident.startedAt, incident.id).gsi1pk };
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.incident(incident.id),
                UpdateExpression: 'SET #status = :closed, closedAt = :closedAt, closedBy = :closedBy, gsi1pk = :closedList',
                ConditionExpression: 'attribute_exists(pk) AND #status <> :closed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: closed,
              },
            },
            ...incident.customerIds.map((customerId) => ({
              Update: {
                TableName: this.tableName,
                Key: keys.incidentCoverage(customerId, incident.startedAt, incident.id),
                UpdateExpression: 'SET closedAt = :closedAt',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':closedAt': incident.closedAt },
              },
            })),
          ],
        }),
      );
      return 'closed';
    } catch (err) {
      if (cancelledOn(err, 0)) return 'already-closed';
      throw err;
    }
  }

  async recordsFor(customerId: string, at: Date): Promise<IncidentCoverage[]> {
    const pk = keys.customer(customerId).pk;
    // `INCIDENT#<startedAt>#…` up to t: the upper bound sorts after every id started at or before t.
    const out = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': 'INCIDENT#', ':to': `INCIDENT#${at.toISOString()}#~`, ':t': at.toISOString() },
        FilterExpression: 'attribute_not_exists(closedAt) OR closedAt > :t',
        ProjectionExpression: 'incidentId, startedAt, closedAt, title',
      }),
    );
    return (out.Items ?? []) as IncidentCoverage[];
  }

  async unknownCustomers(ids: readonly string[]): Promise<string[]> {
    const items = await batchGetAll(documentClient(), this.tableName, ids.map((id) => keys.customer(id)), ['id']);
    const found = new Set(items.map((item) => item.id as string));
    return ids.filter((id) => !found.has(id));
  }

  /**
   * The incidents list: the `INCIDENTS#active` partition of gsi1 newest first, then `INCIDENTS#closed`.
   * The position is the phase and DynamoDB's last key, which the HTTP edge signs.
   */
  async list(query: { limit: number; cursor?: string }): Promise<{ items: Incident[]; nextCursor?: string }> {
    let { phase, key } = listPosition(query.cursor);
    const items: Incident[] = [];
    while (items.length < query.limit) {
      const out = await documentClient().send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.incidentListed(phase, '', '').gsi1pk },
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ...(key ? { ExclusiveStartKey: key } : {}),
        }),
      );
      items.push(...(out.Items ?? []).map((item) => fromItem<Incident>(item)));
      key = out.LastEvaluatedKey;
      if (!key) {
        if (phase === 'closed') return { items };
        phase = 'closed';
      }
    }
    return { items, nextCursor: JSON.stringify({ phase, ...(key ? { key } : {}) }) };
  }
}

/** A signed position of the incidents list (`list`): where it stopped. */
function listPosition(cursor: string | undefined): { phase: 'active' | 'closed'; key?: Record<string, unknown> } {
  if (cursor === undefined) return { phase: 'active' };
  try {
    const p = JSON.parse(cursor) as { phase?: unknown; key?: unknown };
    if ((p.phase === 'active' || p.phase === 'closed') && (p.key === undefined || (typeof p.key === 'object' && p.key !== null))) {
      return { phase: p.phase, ...(p.key ? { key: p.key as Record<string, unknown> } : {}) };
    }
  } catch {
    // falls through
  }
  throw invalid('cursor is not valid for this list', [{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
}
