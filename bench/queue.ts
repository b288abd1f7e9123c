/**
 * The technicians' queue with 5,000 open tickets (issue 12 benchmarks), against the local stack
 * (`npm start`'s code on free ports, DynamoDB Local):
 *
 * - seeding: 20 accounts through the admin API, then 5,000 tickets written as POST /tickets writes them
 *   (`DynamoTicketStore.create`, the same item and index keys), opened over the last three days in every
 *   category, a third of them answered (racing their resolution clock);
 * - DynamoDB reads of the first page: `listQueue` (the use case GET /queue runs) over the same adapter
 *   (`DynamoQueueIndex`) with a document client whose middleware counts every request by command and sums
 *   the bytes of the items returned and the ConsumedCapacity DynamoDB Local reports (RCUs). A "page" is one
 *   Query response (up to 1 MB) or one BatchGetItem response. Target: ≤ 2. Figures for the unfiltered queue
 *   and for each filter;
 * - GET /queue through the local gateway: median and p90 of 20 (the caller lookup is cached, as when warm);
 * - the queue page's first render in headless Chromium: 20 navigations of a signed-in technician's tab to
 *   `#/console/queue` (each a fresh document: the session resumes, the console and queue chunks load), timed
 *   from navigation start until the table's first row is in the DOM (a MutationObserver stamps
 *   `performance.now()`). Median against 300 ms.
 *
 * Run: `npm run bench:queue` (QUEUE_TICKETS=… to change the count). Not part of `npm test`. Prints figures
 * and ratios to the targets; exits 1 when one is missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chromium } from 'playwright-core';
import { CATEGORY_IDS } from '../contracts/vocabulary';
import { freePort } from '../infra/local/emulators';
import { DEMO_PASSWORD } from '../infra/local/seed';
import { startLocalStack } from '../infra/local/stack';

const TICKETS = Number(process.env.QUEUE_TICKETS ?? 5_000);
const ACCOUNTS = 20;
const RUNS = 20;
const TARGET = { pages: 2, renderMs: 300 };
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.9 * xs.length))]!;
const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}× the target`;

const dataDir = mkdtempSync(join(tmpdir(), 'monteore-bench-queue-'));
const stack = await startLocalStack({ port: await freePort(), dataDir, persist: false, seed: true });
let missed = false;
try {
  Object.assign(process.env, stack.env);
  const { DynamoTicketStore } = await import('../functions/adapters/dynamodb/ticket-store');
  const { DynamoQueueIndex } = await import('../functions/adapters/dynamodb/queue-index');
  const { listQueue } = await import('../functions/core/tickets/queue');
  const { newTicket, ticketNumber } = await import('../functions/core/tickets/new-ticket');
  const { DEFAULT_SLA_SETTINGS, ticketSla } = await import('../functions/core/tickets/sla');
  const { newId } = await import('../functions/core/ids');

  const login = async (username: string) => {
    const res = await fetch(stack.emulators.endpoints.cognito, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stack.resources.userPoolClientId, AuthParameters: { USERNAME: username, PASSWORD: DEMO_PASSWORD } }),
    });
    return ((await res.json()) as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult.AccessToken;
  };
  const [admin, tech] = await Promise.all([login('admin'), login('tech')]);
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const res = await fetch(`${stack.url}/admin/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Cliente ${String(i + 1).padStart(2, '0')} Srl`, billingEmail: 'conti@cliente.example', locale: 'it' }),
    });
    accounts.push(((await res.json()) as { id: string }).id);
  }

  // Seed: deterministic pseudo-random spread over the last three days.
  const table = stack.resources.tableName;
  const store = new DynamoTicketStore(table);
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const seededAt = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < TICKETS) {
        const i = next++;
        const category = CATEGORY_IDS[Math.floor(rand() * CATEGORY_IDS.length)]!;
        const created = new Date(Date.now() - Math.floor(rand() * 3 * 24 * 60) * 60_000);
        const ticket = newTicket(
          { category, subject: `Richiesta ${i + 1}: la connessione della sede cade a intervalli`, description: 'Dettagli della richiesta, come li scrive un cliente. '.repeat(4) },
          { id: newId('t', created.getTime()), number: ticketNumber(2098, i + 1), customerId: accounts[i % ACCOUNTS]!, openedBy: 'bench', now: created, slaTargets: ticketSla(DEFAULT_SLA_SETTINGS, category) },
        );
        if (i % 3 === 0) Object.assign(ticket, { status: 'in_progress', firstResponseAt: new Date(created.getTime() + 20 * 60_000).toISOString() });
        await store.create(ticket, undefined, created);
      }
    }),
  );
  console.log(`seeded ${TICKETS} open tickets over ${ACCOUNTS} accounts in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`);

  // DynamoDB reads of the first page, counted at the client.
  const counted = { requests: new Map<string, number>(), bytes: 0, rcu: 0 };
  const raw = new DynamoDBClient({ endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB!, region: stack.env.AWS_REGION!, credentials: { accessKeyId: stack.env.AWS_ACCESS_KEY_ID!, secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY! } });
  const client = DynamoDBDocumentClient.from(raw);
  raw.middlewareStack.add(
    (nextHandler, context) => async (args) => {
      const input = (args as { input: Record<string, unknown> }).input;
      input.ReturnConsumedCapacity = 'TOTAL';
      const out = await nextHandler(args);
      const name = context.commandName ?? '?';
      counted.requests.set(name, (counted.requests.get(name) ?? 0) + 1);
      const body = (out as { output: { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] } }).output;
      const capacity = Array.isArray(body.ConsumedCapacity) ? body.ConsumedCapacity : body.ConsumedCapacity ? [body.ConsumedCapacity] : [];
      counted.rcu += capacity.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
      return out;
    },
    { step: 'initialize', name: 'countReads' },
  );
  const index = new DynamoQueueIndex(table, client);
  const measured = {
    entries: async () => {
      const entries = await index.entries();
      counted.bytes += Buffer.byteLength(JSON.stringify(entries));
      return entries;
    },
    rows: (ids: readonly string[], names: readonly string[]) => index.rows(ids, names),
    dropEntry: (dueAt: string, id: string) => index.dropEntry(dueAt, id),
  };
  const filters: [string, Record<string, string>][] = [
    ['unfiltered', {}],
    ['sla=breached', { sla: 'breached' }],
    ['sla=at_risk', { sla: 'at_risk' }],
    ['status=in_progress', { status: 'in_progress' }],
    ['one account', { customerId: accounts[3]! }],
    ['category=consulting', { category: 'consulting' }],
  ];
  for (const [name, f] of filters) {
    counted.requests.clear();
    counted.bytes = 0;
    counted.rcu = 0;
    const started = performance.now();
    const page = await listQueue({ queue: measured, now: () => new Date() }, { ...f, limit: 25 } as Parameters<typeof listQueue>[1]);
    const ms = performance.now() - started;
    const pages = [...counted.requests.values()].reduce((a, b) => a + b, 0);
    const by = [...counted.requests].map(([c, n]) => `${n} ${c}`).join(' + ');
    console.log(`first page, ${name}: ${page.items.length} rows of ${page.counts.total}; ${pages} DynamoDB pages (${by}), ${counted.rcu.toFixed(1)} RCU reported, ${ms.toFixed(0)} ms; ${ratio(pages, TARGET.pages)} (≤ ${TARGET.pages})`);
    if (pages > TARGET.pages) missed = true;
  }

  // GET /queue through the gateway.
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    const res = await fetch(`${stack.url}/queue?limit=25`, { headers: { authorization: `Bearer ${tech}` } });
    await res.arrayBuffer();
    if (i > 0) times.push(performance.now() - started);
  }
  console.log(`GET /queue (25 rows of ${TICKETS}): median ${median(times).toFixed(0)} ms, p90 ${p90(times).toFixed(0)} ms over ${RUNS}`);

  // The page's first render.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.url}/`);
    await page.getByLabel('Nome utente').fill('tech');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.locator('table.queue-table tbody tr').first().waitFor({ timeout: 60_000 });
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('table.queue-table tbody tr')) {
          (window as unknown as { __queueAt: number }).__queueAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const renders: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${stack.url}/?run=${i}#/console/queue`);
      await page.waitForFunction(() => typeof (window as unknown as { __queueAt?: number }).__queueAt === 'number', undefined, { timeout: 60_000 });
      renders.push(await page.evaluate(() => (window as unknown as { __queueAt: number }).__queueAt));
    }
    const m = median(renders);
    console.log(`queue page first render (navigation start → first row), ${TICKETS} tickets: median ${m.toFixed(0)} ms, p90 ${p90(renders).toFixed(0)} ms over ${RUNS}; ${ratio(m, TARGET.renderMs)} (≤ ${TARGET.renderMs} ms)`);
    if (m > TARGET.renderMs) missed = true;
  } finally {
    await browser.close();
  }
  raw.destroy();
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (timings scale with it; page counts do not)`);
if (missed) {
  console.log('a target was missed');
  process.exit(1);
}
