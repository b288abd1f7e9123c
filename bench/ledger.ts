/**
 * What the ledger's guarantees cost, on DynamoDB Local started here (fresh, in memory):
 *
 * 1. Throughput: settles per second across 100 accounts at 16 concurrency (each a new ticket, so each is
 *    the full use case: reads, plan, one guarded TransactWriteItems), next to raw TransactWriteItems of
 *    the same sizes in the same partitions (an ADD on one item and conditional Puts of fresh items of
 *    about an entry's size). After a warm-up, rounds alternate which goes first; the figure is the
 *    median of the rounds' settle/raw ratios (target ≥ 70 %), which cancels most of the drift of a
 *    shared machine.
 * 2. One hot account: waves of 64 concurrent settles of different tickets; every call must complete,
 *    none may be lost (the tickets' entries sum to their targets, reconcile finds no drift); prints
 *    p50/p99/max latency and how many plans went stale and were made again.
 *
 * Run: `npm run bench:ledger [-- --settles 500 --rounds 8 --waves 5]`. Not part of `npm test`; exits 1
 * when a hot-account check fails (the ratio is reported, not enforced: it depends on the machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../functions/adapters/dynamodb/account-store';
import { keys } from '../functions/adapters/dynamodb/keys';
import { ledgerTransactItems } from '../functions/adapters/dynamodb/ledger-transaction';
import { DynamoLedgerStore } from '../functions/adapters/dynamodb/ledger-store';
import { type LedgerDeps } from '../functions/core/hours/commit';
import { createCustomerAccount, orderPackage, settleTicket } from '../functions/core/hours/use-cases';
import { type CommitOutcome, type LedgerTransaction } from '../functions/core/ledger/ledger';
import { reconcileAccount } from '../functions/core/ledger/reconcile';
import { DEFAULT_SETTINGS } from '../functions/core/billing/settings';
import { bootstrap } from '../infra/local/bootstrap';
import { startEmulators } from '../infra/local/emulators';
import { LOCAL_NAMES } from '../infra/definitions';

const { values } = parseArgs({ options: { settles: { type: 'string', default: '500' }, rounds: { type: 'string', default: '8' }, waves: { type: 'string', default: '5' } } });
const SETTLES = Number(values.settles);
const ROUNDS = Number(values.rounds);
const WAVES = Number(values.waves);
const ACCOUNTS = 100;
const CONCURRENCY = 16;
const HOT_CONCURRENCY = 64;

/** Runs `n` tasks with at most `concurrency` at once; returns each task's latency in ms and the wall time. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const target = (i: number) => 15 * (1 + ((i * 7) % 8));

const dataDir = mkdtempSync(join(tmpdir(), 'monteore-bench-ledger-'));
const emulators = await startEmulators({ dataDir, persist: false });
let failed = false;
try {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_NAMES.region,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulators.endpoints.cognito,
  });
  const { tableName } = await bootstrap(emulators.endpoints);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoLedgerStore(tableName, client);

  // Counts commits by outcome and remembers the size of every committed settle transaction.
  const outcomes: Record<CommitOutcome, number> = { committed: 0, conflict: 0, duplicate: 0 };
  const sizes: number[] = [];
  const ledger: LedgerDeps['ledger'] = Object.assign(Object.create(store) as DynamoLedgerStore, {
    commit: async (tx: LedgerTransaction, now: Date) => {
      const outcome = await store.commit(tx, now);
      outcomes[outcome]++;
      if (outcome === 'committed' && tx.settleRecord) sizes.push(ledgerTransactItems(tableName, tx, now).items.length);
      return outcome;
    },
  });
  const deps = { ledger, accounts: new DynamoAccountStore(tableName), catalogue: { stored: async () => [], put: async () => {} }, settings: async () => DEFAULT_SETTINGS, now: () => new Date() };

  console.log(`DynamoDB Local at ${emulators.endpoints.dynamodb}; ${ACCOUNTS} accounts with 300 free minutes and a 20 h package each`);
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const c = await createCustomerAccount(deps, { name: `Bench ${i}`, billingEmail: 'b@b.example', locale: 'it' }, 'bench');
    await orderPackage(deps, { customerId: c.id, catalogueId: 'pkg_20h', by: 'bench' });
    accounts.push(c.id);
  }

  let ticket = 0;
  const settleRound = async (n: number) => {
    const base = ticket;
    ticket += n;
    return pool(n, CONCURRENCY, async (i) => {
      await settleTicket(deps, { customerId: accounts[(base + i) % ACCOUNTS]!, ticketId: `t_bench_${base + i}`, targetMinutes: target(base + i), revision: 1 });
    });
  };
  let rawSeq = 0;
  const payload = 'x'.repeat(220);
  const rawRound = async (n: number) => {
    const base = rawSeq;
    rawSeq += n;
    return pool(n, CONCURRENCY, async (i) => {
      const customerId = accounts[(base + i) % ACCOUNTS]!;
      const size = sizes[(base + i) % sizes.length]!;
      const pk = keys.customer(customerId).pk;
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: tableName, Key: { pk, sk: 'BENCH#COUNTER' }, UpdateExpression: 'ADD balanceMinutes :d', ExpressionAttributeValues: { ':d': -15 } } },
            ...Array.from({ length: size - 1 }, (_, k) => ({
              Put: { TableName: tableName, Item: { pk, sk: `BENCH#${base + i}#${k}`, type: 'bench', payload }, ConditionExpression: 'attribute_not_exists(pk)' },
            })),
          ],
        }),
      );
    });
  };

  await settleRound(Math.min(500, SETTLES));
  await rawRound(Math.min(500, SETTLES));
  const settleRates: number[] = [];
  const rawRates: number[] = [];
  const ratios: number[] = [];
  const settleLatencies: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const rawFirst = r % 2 === 0;
    const first = rawFirst ? await rawRound(SETTLES) : await settleRound(SETTLES);
    const second = rawFirst ? await settleRound(SETTLES) : await rawRound(SETTLES);
    const [raw, settle] = rawFirst ? [first, second] : [second, first];
    rawRates.push(SETTLES / raw.seconds);
    settleRates.push(SETTLES / settle.seconds);
    ratios.push(raw.seconds / settle.seconds);
    settleLatencies.push(...settle.latencies);
    console.log(
      `round ${r + 1}: settles ${(SETTLES / settle.seconds).toFixed(0)}/s (p50 ${median(settle.latencies).toFixed(1)} ms, p99 ${quantile(settle.latencies, 0.99).toFixed(1)} ms) · raw TransactWriteItems ${(SETTLES / raw.seconds).toFixed(0)}/s (p50 ${median(raw.latencies).toFixed(1)} ms) · ${((raw.seconds / settle.seconds) * 100).toFixed(0)} %`,
    );
  }
  const histogram = Object.entries(sizes.reduce<Record<number, number>>((h, s) => ((h[s] = (h[s] ?? 0) + 1), h), {}))
    .map(([s, n]) => `${s} items ×${n}`)
    .join(', ');
  console.log(`transaction sizes of the settles: ${histogram}`);
  console.log(
    `100 accounts, 16 concurrent: settles ${median(settleRates).toFixed(0)}/s (p99 ${quantile(settleLatencies, 0.99).toFixed(0)} ms) vs raw ${median(rawRates).toFixed(0)}/s: ` +
      `median ratio ${(median(ratios) * 100).toFixed(0)} % (rounds ${ratios.map((x) => (x * 100).toFixed(0)).join(', ')}; target ≥ 70 %)`,
  );
  const afterThroughput = { ...outcomes };
  console.log(`commits so far: ${afterThroughput.committed} committed, ${afterThroughput.conflict} re-planned`);

  // One hot account.
  const hot = await createCustomerAccount(deps, { name: 'Hot', billingEmail: 'h@h.example', locale: 'it' }, 'bench');
  await orderPackage(deps, { customerId: hot.id, catalogueId: 'pkg_20h', by: 'bench' });
  const latencies: number[] = [];
  const conflictsBefore = outcomes.conflict;
  let expected = 0;
  for (let w = 0; w < WAVES; w++) {
    const wave = await Promise.all(
      Array.from({ length: HOT_CONCURRENCY }, async (_, i) => {
        const t0 = performance.now();
        const out = await settleTicket(deps, { customerId: hot.id, ticketId: `t_hot_${w}_${i}`, targetMinutes: target(i), revision: 1 });
        latencies.push(performance.now() - t0);
        return out;
      }),
    );
    expected += wave.reduce((s, r) => s + r.result.settledMinutes, 0);
    const created = wave.filter((r) => r.status === 'created').length;
    const waveLat = latencies.slice(-HOT_CONCURRENCY);
    console.log(`hot wave ${w + 1}: ${created}/${HOT_CONCURRENCY} created, p50 ${median(waveLat).toFixed(0)} ms, p99 ${quantile(waveLat, 0.99).toFixed(0)} ms`);
    if (created !== HOT_CONCURRENCY) failed = true;
  }
  const snap = await store.account(hot.id);
  const drift = reconcileAccount(hot.id, snap);
  const charged = snap.entries.filter((e) => e.ticketId).reduce((s, e) => s - e.minutes, 0);
  const lost = expected - charged;
  console.log(
    `hot account, ${WAVES} waves of ${HOT_CONCURRENCY} concurrent settles: ${latencies.length} completed, ${lost} minutes lost, drift ${drift.length}, ` +
      `p50 ${median(latencies).toFixed(0)} ms, p99 ${quantile(latencies, 0.99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms, ` +
      `${outcomes.conflict - conflictsBefore} plans re-made (${((outcomes.conflict - conflictsBefore) / latencies.length).toFixed(2)} per settle)`,
  );
  if (lost !== 0 || drift.length || latencies.length !== WAVES * HOT_CONCURRENCY) failed = true;
  client.destroy();
} finally {
  await emulators.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
