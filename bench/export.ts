/**
 * What an invoice export costs at scale, on DynamoDB Local and s3rver started here (fresh):
 *
 * 1. Seeds 100,000 billable entries (consuntivo work, credits, package purchases) across 1,000 accounts,
 *    with their accounts and tickets, straight into the table by BatchWriteItem, as the ledger store
 *    writes them (the billable index by position included). DynamoDB Local gets a 2 GB heap for it
 *    (MONTEORE_DDB_JAVA_OPTIONS, unless already set).
 * 2. Each in a child process of its own (so a peak RSS is that phase's alone, not the emulators' nor the
 *    other phase's): a raw paginated Query of the same range of the index, then the export itself (`runExport` with the real adapters:
 *    the range read page by page with accounts, tickets and credits looked up, CSV and JSON streamed to
 *    S3 multipart uploads, one transaction to commit). Prints both times, their ratio (target ≤ 1.5×)
 *    and the peak RSS (target ≤ 256 MB), and checks the export holds every entry once.
 * 3. The same export again with its FatturaPA drafts (every account has complete fiscal data and the ISP's
 *    is set: one TD01 per account, plus a TD04 for those with credits, each written to S3, all in one ZIP,
 *    and the list): its time against the export without drafts (target ≤ 1.5×) and its peak RSS. The
 *    exports' head is removed before each export, so both cover the same range.
 *
 * Run: `npm run bench:export [-- --entries 100000 --accounts 1000 --semi-space 4]`. Not part of `npm test`.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../functions/adapters/dynamodb/keys';
import { DEMO_SUPPLIER } from '../infra/local/seed';
import { partitaIva } from '../test/support/fiscal-fixtures';
import { LOCAL_NAMES } from '../infra/definitions';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '2' }, 'semi-space': { type: 'string' }, entries: { type: 'string', default: '100000' }, accounts: { type: 'string', default: '1000' }, child: { type: 'boolean', default: false } } });
const THROUGH = '2026-10-31T23:00:00.000Z';
const client = () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: LOCAL_NAMES.region, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }), {
    marshallOptions: { removeUndefinedValues: true },
  });

async function seed(ddb: DynamoDBDocumentClient, table: string, entries: number, accounts: number): Promise<void> {
  const items: Record<string, unknown>[] = [];
  const flush = async (all: boolean) => {
    const batches: Record<string, unknown>[][] = [];
    while (items.length >= 25 || (all && items.length)) batches.push(items.splice(0, 25));
    await Promise.all(
      batches.map(async (batch) => {
        let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = { [table]: batch.map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length) request = (await ddb.send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems as typeof request;
      }),
    );
  };
  const put = async (item: Record<string, unknown>) => {
    items.push(item);
    if (items.length >= 25 * 32) await flush(false);
  };
  for (let a = 0; a < accounts; a++) {
    const id = `c_B${String(a).padStart(6, '0')}`;
    await put({
      ...keys.customer(id),
      type: 'customer',
      id,
      name: `Cliente ${a}, S.r.l.`,
      vatNumber: `IT${partitaIva(String(a + 1).padStart(10, '0'))}`,
      hourlyRateCents: 6000,
      subjectType: 'company',
      legalName: `Cliente ${a} – Società “Benefit” S.r.l.`,
      address: { street: 'Via Garibaldi', number: String(a), cap: '20121', comune: 'Milano', provincia: 'MI', country: 'IT' },
      recipientCode: 'ABC1234',
    });
  }
  const start = Date.parse('2026-10-01T00:00:00Z');
  const span = Date.parse('2026-10-31T00:00:00Z') - start;
  for (let i = 0; i < entries; i++) {
    const customerId = `c_B${String(i % accounts).padStart(6, '0')}`;
    const at = new Date(start + Math.floor((i / entries) * span)).toISOString();
    const id = `e_${String(i).padStart(26, '0')}`;
    const base = { ...keys.ledgerEntry(customerId, at, id), ...keys.billableEntry(at, id), type: 'entry', id, customerId, at };
    const kind = i % 50;
    if (kind === 0) {
      await put({ ...base, bucket: 'package', packageId: `p_${i}`, reason: 'purchase', minutes: 600, orderId: `o_${i}`, priceCents: 52_000 });
      continue;
    }
    const ticketId = `t_${String(Math.floor(i / 2)).padStart(26, '0')}`;
    if (i % 2 === 0) await put({ ...keys.ticket(ticketId), type: 'ticket', id: ticketId, number: `T-2026-${String(Math.floor(i / 2)).padStart(6, '0')}`, category: 'consulting', customerId });
    const minutes = 15 * (1 + (i % 8));
    const giveBack = kind === 1;
    await put({
      ...base,
      bucket: 'consuntivo',
      period: '2026-10',
      reason: giveBack ? 'give_back' : 'consume',
      minutes: giveBack ? minutes : -minutes,
      ticketId,
      revision: giveBack ? 2 : 1,
      hourlyRateCents: 6000,
      amountCents: (giveBack ? -1 : 1) * minutes * 100,
    });
  }
  await flush(true);
  await ddb.send(new PutCommand({ TableName: table, Item: { ...keys.einvoicingSettings(), type: 'einvoicing-settings', ...DEMO_SUPPLIER } }));
}

/** One measured phase in a child process of its own, so its peak RSS is that phase's alone. */
async function child(phase: string): Promise<void> {
  const { DynamoExportStore } = await import('../functions/adapters/dynamodb/export-store');
  const { S3ExportFiles } = await import('../functions/adapters/s3-export-files');
  const { runExport } = await import('../functions/core/exports/use-cases');
  const table = process.env.TABLE_NAME!;
  const ddb = client();
  const baseRss = process.memoryUsage().rss;
  let rss = 0;
  let atPeak = '';
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)}`;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss <= rss) return;
    rss = m.rss;
    atPeak = `heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)} MB)`;
  }, 20);
  const done = (result: Record<string, unknown>) => {
    clearInterval(sampler);
    rss = Math.max(rss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    process.send!({ ...result, rss, baseRss, atPeak });
  };

  const t = performance.now();
  if (phase === 'raw') {
    let raw = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :t',
          ExpressionAttributeValues: { ':pk': keys.billableEntry('', '').gsi1pk, ':t': THROUGH },
          ExclusiveStartKey: startKey,
        }),
      );
      raw += page.Items?.length ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return done({ raw, ms: performance.now() - t });
  }
  const { DynamoEInvoicingSettings } = await import('../functions/adapters/dynamodb/einvoicing-settings');
  const withDrafts = phase === 'drafts';
  const { created, record } = await runExport(
    {
      exports: new DynamoExportStore(table, ddb),
      files: new S3ExportFiles(process.env.BUCKET_NAME!),
      now: () => new Date('2026-11-25T00:00:00Z'),
      ...(withDrafts ? { einvoicing: new DynamoEInvoicingSettings(table, ddb) } : {}),
    },
    {},
  );
  const d = record.drafts;
  done({
    ms: performance.now() - t,
    created,
    lineCount: record.lineCount,
    totalAmountCents: record.totalAmountCents,
    totalVatCents: record.totalVatCents,
    csvBytes: record.csv.bytes,
    jsonBytes: record.json.bytes,
    ...(d ? { documents: d.documentCount, missing: d.missingCount, draftsNetCents: d.netCents, draftsVatCents: d.vatCents, zipBytes: d.zip?.bytes ?? 0 } : {}),
  });
}

async function main(): Promise<void> {
  const { startEmulators } = await import('../infra/local/emulators');
  const { bootstrap } = await import('../infra/local/bootstrap');
  const entries = Number(values.entries);
  const accounts = Number(values.accounts);
  const dataDir = mkdtempSync(join(tmpdir(), 'monteore-bench-export-'));
  // DynamoDB Local's default 256 MB heap fails (InternalFailure) holding 100,000 entries.
  process.env.MONTEORE_DDB_JAVA_OPTIONS ??= '-Xmx2g -XX:+UseParallelGC';
  const emulators = await startEmulators({ dataDir, persist: false });
  try {
    const env = {
      AWS_REGION: LOCAL_NAMES.region,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
    Object.assign(process.env, env);
    const resources = await bootstrap(emulators.endpoints);
    let t = performance.now();
    await seed(client(), resources.tableName, entries, accounts);
    console.log(`seeded ${entries} billable entries across ${accounts} accounts in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // V8 sizes its young generation from the machine's memory (up to 3 × 16 MB of semi-spaces here);
    // --semi-space <MB> caps it, as a memory-bounded function could with NODE_OPTIONS.
    const v8Flags = values['semi-space'] ? [`--max-semi-space-size=${values['semi-space']}`] : [];
    if (v8Flags.length) console.log(`children run with ${v8Flags.join(' ')}`);
    const run = (phase: string) =>
      new Promise<Record<string, number | boolean | string>>((ok, fail) => {
        const proc = fork(import.meta.filename, ['--child', phase], { env: { ...process.env, ...env, TABLE_NAME: resources.tableName, BUCKET_NAME: resources.bucketName }, execArgv: [...process.execArgv, ...v8Flags] });
        proc.once('message', (m) => ok(m as Record<string, number | boolean | string>));
        proc.once('exit', (code) => (code ? fail(new Error(`child exited ${code}`)) : undefined));
      });
    // The raw Query first, as before: both then read a warm DynamoDB Local.
    const raw = await run('raw');
    // Each export starts from no head, so each covers the whole range.
    const noHead = () => client().send(new DeleteCommand({ TableName: resources.tableName, Key: keys.exportsHead() }));
    // Without and with drafts in ABBA order (rounds of two), so neither gains from coming second on a
    // warmer DynamoDB Local; each figure is the median of its runs, the peak RSS the highest.
    const runsOf: Record<'export' | 'drafts', Record<string, number | boolean | string>[]> = { export: [], drafts: [] };
    for (let r = 0; r < Number(values.rounds); r++) {
      for (const phase of r % 2 === 0 ? (['export', 'drafts'] as const) : (['drafts', 'export'] as const)) {
        await noHead();
        runsOf[phase].push(await run(phase));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const summary = (runs: Record<string, number | boolean | string>[]): Record<string, number | boolean | string> => ({
      ...runs[0]!,
      ms: median(runs.map((x) => Number(x.ms))),
      rss: Math.max(...runs.map((x) => Number(x.rss))),
      all: runs.map((x) => (Number(x.ms) / 1000).toFixed(1)).join(', '),
    });
    const exp = summary(runsOf.export);
    const drafts = summary(runsOf.drafts);
    console.log(`runs without drafts: ${exp.all} s; with drafts: ${drafts.all} s (medians below)`);
    const ms = (x: unknown) => `${(Number(x) / 1000).toFixed(2)} s`;
    const mib = (x: unknown) => `${(Number(x) / 2 ** 20).toFixed(0)} MB`;
    console.log(`raw paginated Query of the range:                   ${raw.raw} items in ${ms(raw.ms)}; peak RSS ${mib(raw.rss)} (${mib(raw.baseRss)} once its modules are loaded; at the peak: ${raw.atPeak})`);
    console.log(`export (range + lookups + CSV/JSON to S3 + commit): ${exp.lineCount} lines in ${ms(exp.ms)}  (${(Number(exp.ms) / Number(raw.ms)).toFixed(2)}× the raw Query; target ≤ 1.5×)`);
    console.log(`files: CSV ${(Number(exp.csvBytes) / 1e6).toFixed(1)} MB, JSON ${(Number(exp.jsonBytes) / 1e6).toFixed(1)} MB; total ${exp.totalAmountCents} cents`);
    console.log(`peak RSS of the export process: ${mib(exp.rss)} (target ≤ 256 MB; ${mib(exp.baseRss)} once its modules are loaded; at the peak: ${exp.atPeak})`);
    console.log(
      `export with drafts:                                  ${drafts.lineCount} lines, ${drafts.documents} drafts (${drafts.missing} missing) in ${ms(drafts.ms)}  (${(Number(drafts.ms) / Number(exp.ms)).toFixed(2)}× the export without; target ≤ 1.5×); ZIP ${(Number(drafts.zipBytes) / 1e6).toFixed(1)} MB`,
    );
    console.log(`peak RSS of the export with drafts: ${mib(drafts.rss)} (${mib(drafts.baseRss)} once its modules are loaded; at the peak: ${drafts.atPeak})`);
    if (drafts.draftsNetCents !== drafts.totalAmountCents || drafts.draftsVatCents !== drafts.totalVatCents || drafts.missing !== 0) {
      console.error(`MISMATCH: drafts ${drafts.draftsNetCents} + ${drafts.draftsVatCents} VAT against the export's ${drafts.totalAmountCents} + ${drafts.totalVatCents}, ${drafts.missing} missing`);
      process.exitCode = 1;
    }
    if (exp.lineCount !== entries || raw.raw !== entries || drafts.lineCount !== entries) {
      console.error(`MISMATCH: ${entries} seeded, ${raw.raw} queried, ${exp.lineCount} exported`);
      process.exitCode = 1;
    }
  } finally {
    await emulators.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await (values.child ? child(positionals[0] ?? 'export') : main());
