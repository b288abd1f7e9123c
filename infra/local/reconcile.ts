import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoLedgerStore } from '../../functions/adapters/dynamodb/ledger-store';
import { DynamoSettingsStore } from '../../functions/adapters/dynamodb/settings-store';
import { DynamoTicketStore } from '../../functions/adapters/dynamodb/ticket-store';
import { cachedSettings } from '../../functions/core/billing/settings';
import { reconcileLedger } from '../../functions/jobs/reconcile-ledger';
import { LOCAL_NAMES } from '../definitions';

/**
 * `npm run reconcile`: recomputes every balance from its entries and checks every closed ticket's
 * logged → billable → charged chain against its worklogs and ledger entries (the function the scheduled
 * job and the tests use), and prints the drift, which must be zero. By default it reads the data of a running `npm start` (DynamoDB Local on
 * 127.0.0.1:8000, table `monteore`); `AWS_ENDPOINT_URL_DYNAMODB`, `TABLE_NAME` and `AWS_REGION` point it
 * elsewhere. Exits 1 when anything drifted, 2 when the table cannot be read.
 */
const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://127.0.0.1:8000';
const table = process.env.TABLE_NAME ?? LOCAL_NAMES.table;
const local = /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(endpoint);
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? LOCAL_NAMES.region,
    // DynamoDB Local takes any key; elsewhere the SDK's own credential chain applies.
    ...(local && !process.env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  }),
);

// The ticket and settings stores use the process's one client, which the SDK builds from the environment.
process.env.AWS_ENDPOINT_URL_DYNAMODB ??= endpoint;
process.env.AWS_REGION ??= LOCAL_NAMES.region;
if (local) {
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}

try {
  const started = performance.now();
  const report = await reconcileLedger(new DynamoLedgerStore(table, client), { tickets: new DynamoTicketStore(table), policy: cachedSettings(new DynamoSettingsStore(table, client)) });
  console.log(
    `reconcile ${table} at ${endpoint}: ${report.accounts} accounts, ${report.buckets} buckets, ${report.entries} entries, ${report.tickets} closed tickets (${Math.round(performance.now() - started)} ms)`,
  );
  for (const d of report.drift) console.log(`  DRIFT ${d.customerId} ${d.what}: stored ${d.stored}, from entries ${d.fromEntries}`);
  console.log(`drift: ${report.drift.length}`);
  process.exitCode = report.drift.length ? 1 : 0;
} catch (err) {
  console.error(`reconcile: cannot read ${table} at ${endpoint} (is npm start running?): ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  client.destroy();
}
