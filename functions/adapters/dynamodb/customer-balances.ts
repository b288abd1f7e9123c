import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BucketState } from '#core/ledger/ledger';
import { BALANCE_READS_IN_FLIGHT, mapBounded, type CustomerBalanceReader, type ListedCustomer } from '#core/ledger/customer-balances';
import type { HourlyRateStore, RateCopies } from '#core/ledger/hourly-rate';
import { documentClient } from './client';
import { keys } from './keys';
import { fromItem } from './items';
import { batchGetAll } from './batch-get';
import { TABLE_INDEXES } from './table';

const GSI1 = TABLE_INDEXES[0].indexName;

/**
 * Every account by name, read from the `CUSTOMERS` partition of gsi1 (keys.ts, "customers by name"),
 * only the attributes the balances list shows: about 80 bytes an account, so 10,000 accounts are one
 * MB, one or two pages. Throws past `max`: the caller's bound is a design limit, not a page size.
 */
export async function listAllCustomersByName(tableName: string, max: number, client: DynamoDBDocumentClient = documentClient()): Promise<ListedCustomer[]> {
  const out: ListedCustomer[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.customerByName('', '').gsi1pk },
        ExpressionAttributeNames: { '#id': 'id', '#name': 'name' },
        ProjectionExpression: '#id, #name, hourlyRateCents',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) out.push({ id: item.id as string, name: item.name as string, hourlyRateCents: item.hourlyRateCents as number });
    if (out.length > max) throw new Error(`more than ${max} accounts: the balances list reads them all, and this many needs an index of balances`);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/**
 * The balances list on the single table: accounts from gsi1; the free and this month's consuntivo
 * buckets by BatchGetItem (keys known), the package buckets by a Query only where the free bucket counts
 * packages bought (or predates that count). At most `BALANCE_READS_IN_FLIGHT` requests at once.
 */
export class DynamoCustomerBalances implements CustomerBalanceReader {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  customersByName(max: number): Promise<ListedCustomer[]> {
    return listAllCustomersByName(this.tableName, max, this.client);
  }

  async balanceBuckets(customerIds: readonly string[], period: string): Promise<Map<string, BucketState[]>> {
    const out = new Map<string, BucketState[]>(customerIds.map((id) => [id, []]));
    const add = (item: Record<string, unknown>) => out.get(item.customerId as string)?.push(fromItem<BucketState>(item));
    const named = customerIds.flatMap((id) => [keys.ledgerBucket(id, { bucket: 'free' }), keys.ledgerBucket(id, { bucket: 'consuntivo', period })]);
    for (const item of await batchGetAll(this.client, this.tableName, named, { consistent: true, inFlight: BALANCE_READS_IN_FLIGHT })) add(item);
    const packagePrefix = keys.ledgerBucket('', { bucket: 'package', packageId: '' }).sk;
    const withPackages = customerIds.filter((id) => {
      const free = out.get(id)!.find((b) => b.bucket === 'free');
      return !free || free.packageCount === undefined || free.packageCount > 0;
    });
    await mapBounded(withPackages, BALANCE_READS_IN_FLIGHT, async (id) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.customer(id).pk, ':prefix': packagePrefix },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) add(item);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    });
    return out;
  }
}

/** An account's rate and its ledger's copy (the free bucket), changed together in one transaction. */
export class DynamoHourlyRates implements HourlyRateStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async rates(customerId: string): Promise<RateCopies | undefined> {
    const get = (key: Record<string, string>) => this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true, ProjectionExpression: 'hourlyRateCents' }));
    const [account, free] = await Promise.all([get(keys.customer(customerId)), get(keys.ledgerBucket(customerId, { bucket: 'free' }))]);
    if (!account.Item || !free.Item) return undefined;
    const ledger = free.Item.hourlyRateCents as number | undefined;
    return { account: account.Item.hourlyRateCents as number, ...(ledger === undefined ? {} : { ledger }) };
  }

  async setRate(customerId: string, from: RateCopies, to: number, at: Date): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.customer(customerId),
                UpdateExpression: 'SET hourlyRateCents = :to, updatedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND hourlyRateCents = :from',
                ExpressionAttributeValues: { ':to': to, ':from': from.account, ':at': at.toISOString() },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.ledgerBucket(customerId, { bucket: 'free' }),
                UpdateExpression: 'SET hourlyRateCents = :to',
                ConditionExpression: from.ledger === undefined ? 'attribute_exists(pk) AND attribute_not_exists(hourlyRateCents)' : 'attribute_exists(pk) AND hourlyRateCents = :from',
                ExpressionAttributeValues: { ':to': to, ...(from.ledger === undefined ? {} : { ':from': from.ledger }) },
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') return false;
      throw err;
    }
  }
}
