/**
 * What finance's list of every account's balances (`GET /finance/customers`) costs, on a fresh DynamoDB
 * Local started here:
 *
 * 1. Seeds `--accounts` accounts (default 5,000, a large Italian business ISP) straight into the table as
 *    the stores write them: the profile on the `CUSTOMERS` index, the free bucket, this month's
 *    consuntivo bucket on one in three, a package bucket on one in four (so reading 10 % more items).
 * 2. Times the use case with the real adapters, `--rounds` times (median and worst), sorted by
 *    consuntivo: the name index read whole, the free and this month's consuntivo buckets by BatchGetItem
 *    (100 keys a call), the package buckets by a Query only for the accounts that bought one; then the
 *    alternative of one Query per account on its `BUCKET#` range, at 8, 32 and 64 in flight.
 *
 * Prints the figures and the requests each way made. Run: `npm run bench:finance [-- --accounts 5000 --rounds 5]`.
 * Not part of `npm test`. DynamoDB Local is much slower per request than DynamoDB; the ratios are the
 * figures to read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCustomerBalances, listAllCustomersByName } from '../functions/adapters/dynamodb/customer-balances';
import { keys } from '../functions/adapters/dynamodb/keys';
import { DynamoLedgerStore } from '../functions/adapters/dynamodb/ledger-store';
import { BALANCE_READS_IN_FLIGHT, listCustomerBalances, mapBounded, MAX_BALANCE_ACCOUNTS } from '../functions/core/ledger/customer-balances';
import { monthKey, romeMonthOf } from '../functions/core/periods';
import { LOCAL_NAMES } from '../infra/definitions';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '5' } } });
const ACCOUNTS = Number(values.accounts);
const ROUNDS = Number(values.rounds);

let requests = 0;
function client(): DynamoDBDocumentClient {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: LOCAL_NAMES.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), { marshallOptions: { removeUndefinedValues: true } });
  doc.middlewareStack.add((next) => async (args) => (requests++, next(args)), { step: 'initialize', name: 'countRequests' });
  return doc;
}

async function seed(ddb: DynamoDBDocumentClient, table: string, now: Date): Promise<void> {
  const period = monthKey(romeMonthOf(now));
  const expires = new Date(now.getTime() + 300 * 86_400_000).toISOString();
  const items: Record<string, unknown>[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const id = `c_F${String(a).padStart(6, '0')}`;
    const name = `Cliente ${String((a * 7919) % ACCOUNTS).padStart(5, '0')} S.r.l.`;
    items.push({ ...keys.customer(id), ...keys.customerByName(name, id), type: 'customer', id, name, billingEmail: 'conti@cliente.example', locale: 'it', hourlyRateCents: 6000, freeMinutesGranted: 300, createdAt: now.toISOString() });
    items.push({ ...keys.ledgerBucket(id, { bucket: 'free' }), type: 'bucket', customerId: id, bucket: 'free', balanceMinutes: (a * 37) % 301, grantedMinutes: 300, packageCount: a % 4 === 0 ? 1 : 0, hourlyRateCents: 6000 });
    if (a % 3 === 0) {
      const minutes = 15 * ((a % 20) + 1);
      items.push({ ...keys.ledgerBucket(id, { bucket: 'consuntivo', period }), type: 'bucket', customerId: id, bucket: 'consuntivo', period, balanceMinutes: -minutes, grantedMinutes: 0, amountCents: minutes * 100 });
    }
    if (a % 4 === 0) items.push({ ...keys.ledgerBucket(id, { bucket: 'package', packageId: `p_${a}` }), type: 'bucket', customerId: id, bucket: 'package', packageId: `p_${a}`, balanceMinutes: 600 - (a % 600), grantedMinutes: 600, expiresAt: expires, catalogueId: 'pkg_10h', priceCents: 52_000 });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await mapBounded(batches, 16, async (batch) => {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = { [table]: batch.map((Item) => ({ PutRequest: { Item } })) };
    while (request && Object.keys(request).length) request = (await ddb.send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems as typeof request;
  });
}

async function timed(label: string, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  let calls = 0;
  for (let r = 0; r < ROUNDS; r++) {
    requests = 0;
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
    calls = requests;
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor((ms.length - 1) / 2)]!;
  console.log(`${label.padEnd(62)} ${median.toFixed(0).padStart(7)} ms median ${ms.at(-1)!.toFixed(0).padStart(7)} ms worst ${String(calls).padStart(6)} requests`);
  return median;
}

async function main(): Promise<void> {
  const { startEmulators } = await import('../infra/local/emulators');
  const { bootstrap } = await import('../infra/local/bootstrap');
  const dataDir = mkdtempSync(join(tmpdir(), 'monteore-bench-finance-'));
  const emulators = await startEmulators({ dataDir, persist: false });
  try {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = emulators.endpoints.dynamodb;
    process.env.AWS_REGION = LOCAL_NAMES.region;
    const resources = await bootstrap(emulators.endpoints);
    const table = resources.tableName;
    const ddb = client();
    const now = new Date();
    let t = performance.now();
    await seed(ddb, table, now);
    console.log(`seeded ${ACCOUNTS} accounts in ${((performance.now() - t) / 1000).toFixed(1)} s; bound ${MAX_BALANCE_ACCOUNTS} accounts, ${BALANCE_READS_IN_FLIGHT} Queries in flight\n`);
    const store = new DynamoCustomerBalances(table, ddb);
    const query = { sort: 'consuntivo' as const, order: 'desc' as const, limit: 25 };
    t = performance.now();
    const first = await listCustomerBalances({ balances: store, now: () => now }, query);
    if (first.items.length !== 25 || first.items[0]!.consuntivoAmountCentsThisPeriod !== 30_000) throw new Error(`unexpected first page: ${JSON.stringify(first.items[0])}`);
    console.log(`cold first call: ${(performance.now() - t).toFixed(0)} ms\n`);

    const index = await timed('name index only (gsi1 CUSTOMERS, whole)', () => listAllCustomersByName(table, MAX_BALANCE_ACCOUNTS, ddb));
    const full = await timed(`GET /finance/customers use case (BatchGet + package Queries)`, () => listCustomerBalances({ balances: store, now: () => now }, query));
    const customers = await listAllCustomersByName(table, MAX_BALANCE_ACCOUNTS, ddb);
    const ledger = new DynamoLedgerStore(table, ddb);
    const perAccount: Record<number, number> = {};
    for (const inFlight of [8, BALANCE_READS_IN_FLIGHT, 64]) {
      perAccount[inFlight] = await timed(`  instead one Query per account on BUCKET#, ${inFlight} in flight`, () => mapBounded(customers, inFlight, (c) => ledger.buckets(c.id)));
    }
    const reads = full - index;
    console.log(`\nper account: ${((full / ACCOUNTS) * 1000).toFixed(0)} µs; the index is ${((index / full) * 100).toFixed(0)} % of the call`);
    console.log(`bucket reads, BatchGet + package Queries / one Query per account (both ${BALANCE_READS_IN_FLIGHT} in flight) = ${(reads / perAccount[BALANCE_READS_IN_FLIGHT]!).toFixed(2)}`);
  } finally {
    await emulators.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
