/**
 * How fast the ticket routes answer through the local gateway, against the DynamoDB round trips they
 * cannot avoid. Starts the whole local stack as the integration tests do (free ports, in memory, demo
 * users), seeds tickets with some history, then for each route runs 16 concurrent clients through the
 * gateway with real tokens and, in the same run, the same DynamoDB commands the route issues, sent
 * directly with the same client by 16 concurrent workers. It prints p50/p99 and requests/s per route, the
 * p50 of each raw command, and the ratio of the route's p50 to the sum of its commands' p50s.
 *
 * What the ratio includes locally that a Lambda on AWS does not pay: the gateway's HTTP parsing and JWT
 * verification (API Gateway's work there) run on the same event loop as the handlers, and on a small
 * machine the clients' worker thread and DynamoDB Local's JVM compete with it for the same cores.
 *
 * Target (the issue): each route's p50 ≤ 1.3 × Σ p50 of its own DynamoDB round trips.
 * Run: `npm run bench:api [-- --requests 3000 --concurrency 16]`. Not part of `npm test`; exits 1 on a miss.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamodb/client';
import { IdempotencyRecords } from '../functions/adapters/dynamodb/idempotency';
import { keys } from '../functions/adapters/dynamodb/keys';
import { newId } from '../functions/core/ids';
import { requestHash } from '../functions/core/idempotency';
import { newTicket, ticketNumber, ticketYear } from '../functions/core/tickets/new-ticket';
import { ticketView } from '../functions/core/tickets/views';
import { freePort } from '../infra/local/emulators';
import { DEMO_PASSWORD } from '../infra/local/seed';
import { startLocalStack } from '../infra/local/stack';
import { cognitoLogin } from '../test/support/session';

const MAX_RATIO = 1.3;
/** Route and raw phases alternate this many times per route. */
const ROUNDS = 3;
const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '16' }, seed: { type: 'string', default: '200' } } });
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const SEED_TICKETS = Number(values.seed);
const CUSTOMER_ID = 'c_ALFA';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs `op` `total` times from `concurrency` workers; returns each run's duration (ms) and the wall time. */
async function drive(total: number, concurrency: number, op: (i: number) => Promise<Record<string, number> | number>): Promise<{ samples: Record<string, number[]>; seconds: number }> {
  const samples: Record<string, number[]> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const timing = await op(next++);
        for (const [name, ms] of Object.entries(typeof timing === 'number' ? { total: timing } : timing)) (samples[name] ??= []).push(ms);
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

interface ClientRequest {
  method: string;
  path: string;
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The load generator: `concurrency` HTTP clients (node:http, keep-alive) in a worker thread, so that
 * their CPU is not spent on the gateway's event loop, as a real client's would not be. Every response
 * must be a 2xx; returns each request's latency (ms) and the wall time.
 */
async function clients(baseUrl: string, requests: ClientRequest[], concurrency: number): Promise<{ latencies: number[]; seconds: number }> {
  const worker = new Worker(
    `
    const { workerData, parentPort } = require('node:worker_threads');
    const http = require('node:http');
    const { baseUrl, requests, concurrency } = workerData;
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const send = (r) => new Promise((resolve, reject) => {
      const body = r.body === undefined ? undefined : JSON.stringify(r.body);
      const req = http.request(baseUrl + r.path, { method: r.method, agent, headers: { authorization: 'Bearer ' + r.token, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...r.headers } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => res.statusCode < 300 ? resolve() : reject(new Error(r.method + ' ' + r.path + ' -> ' + res.statusCode + ' ' + Buffer.concat(chunks))));
      });
      req.on('error', reject);
      req.end(body);
    });
    (async () => {
      const latencies = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const r = requests[next++];
          const t0 = performance.now();
          await send(r);
          latencies.push(performance.now() - t0);
        }
      }));
      parentPort.postMessage({ latencies, seconds: (performance.now() - started) / 1000 });
      agent.destroy();
    })().catch((err) => parentPort.postMessage({ error: String(err) }));
    `,
    { eval: true, workerData: { baseUrl, requests, concurrency } },
  );
  const out = await new Promise<{ latencies: number[]; seconds: number; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (out.error) throw new Error(out.error);
  return out;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

const dataDir = mkdtempSync(join(tmpdir(), 'monteore-bench-'));
const stack = await startLocalStack({ port: await freePort(), dataDir, persist: false, seed: true });
const table = stack.resources.tableName;
const ddb = documentClient();
try {
  const cognito = { endpoint: stack.emulators.endpoints.cognito, clientId: stack.resources.userPoolClientId };
  const login = async (username: string) => (await cognitoLogin(cognito, username, DEMO_PASSWORD)).accessToken;
  const [alfa, tech] = await Promise.all([login('alfa'), login('tech')]);

  const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const ticketBody = (i: number) => ({ category: 'service_fault', subject: `Linea instabile ${i}`, description: 'La fibra perde la portante ogni sera dalle 21 per qualche minuto.' });

  process.stdout.write(`seeding ${SEED_TICKETS} tickets with history… `);
  const ids: string[] = [];
  await drive(SEED_TICKETS, CONCURRENCY, async (i) => {
    const t = await call('POST', '/tickets', alfa, ticketBody(i));
    ids.push(t.id as string);
    await call('POST', `/tickets/${t.id}/messages`, alfa, { body: 'Succede anche al mattino.' });
    await call('POST', `/tickets/${t.id}/messages`, tech, { body: 'Stiamo verificando la linea.' });
    await call('POST', `/tickets/${t.id}/worklogs`, tech, { minutes: 15, kind: 'remote', note: 'Test di linea' });
    return 0;
  });
  console.log('done');

  interface RouteBench {
    name: string;
    /** The request the clients send for run i (the clients run in a worker thread, off the gateway's event loop). */
    route: (i: number) => ClientRequest;
    /** The DynamoDB commands the route sends, in order, each timed on its own. */
    raw: (i: number) => Promise<Record<string, number>>;
  }

  const benches: RouteBench[] = [
    {
      name: 'GET /tickets/{id}',
      route: (i) => ({ method: 'GET', path: `/tickets/${ids[i % ids.length]}`, token: alfa }),
      raw: async (i) => {
        const [, query] = await timed(() =>
          ddb.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.ticket(ids[i % ids.length]!).pk }, ConsistentRead: true })),
        );
        return { 'Query TICKET#<id>': query };
      },
    },
    {
      name: 'GET /tickets',
      route: () => ({ method: 'GET', path: '/tickets', token: alfa }),
      raw: async () => {
        const [, query] = await timed(() =>
          ddb.send(
            new QueryCommand({
              TableName: table,
              IndexName: 'gsi1',
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': 'gsi1pk' },
              ExpressionAttributeValues: { ':pk': keys.accountTickets(CUSTOMER_ID).gsi1pk },
              ScanIndexForward: false,
              Limit: 26,
            }),
          ),
        );
        return { 'Query gsi1 (25+1)': query };
      },
    },
    {
      name: 'POST /tickets',
      route: (i) => ({ method: 'POST', path: '/tickets', token: alfa, body: ticketBody(i), headers: { 'idempotency-key': `bench-route-${i}` } }),
      raw: async (i) => {
        const now = new Date();
        const scope = 'tickets:alfa';
        const key = `bench-raw-${i}`;
        const [, get] = await timed(() => ddb.send(new GetCommand({ TableName: table, Key: keys.idempotency(scope, key), ConsistentRead: true })));
        const year = ticketYear(now);
        const [counter, update] = await timed(() =>
          ddb.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.ticketCounter(year),
              UpdateExpression: 'ADD #seq :one SET #type = :type',
              ExpressionAttributeNames: { '#seq': 'sequence', '#type': 'type' },
              ExpressionAttributeValues: { ':one': 1, ':type': 'counter' },
              ReturnValues: 'UPDATED_NEW',
            }),
          ),
        );
        const [, incidents] = await timed(() =>
          ddb.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': keys.customer(CUSTOMER_ID).pk, ':from': 'INCIDENT#', ':to': `INCIDENT#${now.toISOString()}#~`, ':t': now.toISOString() },
              FilterExpression: 'attribute_not_exists(closedAt) OR closedAt > :t',
              ProjectionExpression: 'incidentId, startedAt, closedAt',
            }),
          ),
        );
        const ticket = newTicket(ticketBody(i) as Parameters<typeof newTicket>[0], {
          id: newId('t', now.getTime()),
          number: ticketNumber(year, counter.Attributes!.sequence as number),
          customerId: CUSTOMER_ID,
          openedBy: 'alfa',
          now,
        });
        const sk = keys.ticketListSk(ticket.createdAt, ticket.id);
        const [, transact] = await timed(() =>
          ddb.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { ...keys.ticket(ticket.id), ...keys.accountTickets(CUSTOMER_ID), gsi1sk: sk, ...keys.statusTickets('open'), gsi2sk: sk, type: 'ticket', ...ticket },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                { Put: { TableName: table, Item: { ...keys.ticketNumber(ticket.number), type: 'ticket-number', ticketId: ticket.id, customerId: CUSTOMER_ID }, ConditionExpression: 'attribute_not_exists(pk)' } },
                new IdempotencyRecords(table).record(scope, key, requestHash(ticketBody(i)), { status: 201, body: ticketView(ticket, [], []) }, now),
              ],
            }),
          ),
        );
        return { 'GetItem idempotency key': get, 'UpdateItem counter': update, 'Query incidents': incidents, 'TransactWrite ticket+number+key': transact };
      },
    },
  ];

  // Warm up: handlers loaded, caller lookups cached, connections open.
  for (const b of benches) {
    await clients(stack.url, Array.from({ length: 200 }, (_, i) => b.route(1_000_000 + i)), CONCURRENCY);
    await drive(200, CONCURRENCY, (i) => b.raw(1_000_000 + i));
  }

  const rows: string[][] = [];
  let missed = false;
  for (const b of benches) {
    // Route and raw phases alternate, so both see the emulator in the same state (JIT, GC, table size).
    const latencies: number[] = [];
    const rawSamples: Record<string, number[]> = {};
    let routeSeconds = 0;
    const perRound = Math.ceil(REQUESTS / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const route = await clients(stack.url, Array.from({ length: perRound }, (_, i) => b.route(round * perRound + i)), CONCURRENCY);
      latencies.push(...route.latencies);
      routeSeconds += route.seconds;
      const raw = await drive(perRound, CONCURRENCY, (i) => b.raw(round * perRound + i));
      for (const [name, ms] of Object.entries(raw.samples)) (rawSamples[name] ??= []).push(...ms);
    }
    latencies.sort((x, y) => x - y);
    const p50 = percentile(latencies, 50);
    const parts = Object.entries(rawSamples).map(([name, ms]) => [name, percentile(ms.sort((x, y) => x - y), 50)] as const);
    const budget = parts.reduce((s, [, ms]) => s + ms, 0);
    const ratio = p50 / budget;
    missed ||= ratio > MAX_RATIO;
    rows.push([
      b.name,
      p50.toFixed(2),
      percentile(latencies, 99).toFixed(2),
      (latencies.length / routeSeconds).toFixed(0),
      parts.map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(' + '),
      budget.toFixed(2),
      `${ratio.toFixed(2)}×`,
      ratio <= MAX_RATIO ? 'ok' : 'MISS',
    ]);
  }

  const header = ['route', 'p50 ms', 'p99 ms', 'req/s', 'raw DynamoDB calls (p50 ms each)', 'Σ raw p50', 'p50 / Σ', `≤ ${MAX_RATIO}×`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${REQUESTS} requests per route, ${CONCURRENCY} concurrent clients (node:http, keep-alive, in a worker thread) through the local gateway with real tokens; raw calls with the handlers' own DynamoDB client, same concurrency.\n`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  process.exitCode = missed ? 1 : 0;
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
