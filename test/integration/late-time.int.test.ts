/**
 * Proves that no logged minute goes unbilled (issue 9 item 3): a ticket's time closes with its
 * resolution. Worklogs racing the resolution either commit before it (and are settled) or are refused
 * with a 409 that says why; so are worklogs while the workflow runs, while a contest waits, during the
 * accepted contest's round and on a closed ticket. Afterwards every closed ticket's billableMinutes is
 * the billing policy applied to its worklogs (0 when included) and equals its charges and its ledger
 * entries. `npm run reconcile` (infra/local/reconcile.ts, run as a process on a copy of these tickets'
 * data) finds nothing there, then finds a planted late worklog and exits 1 naming the ticket; the
 * scheduled job publishes the same drift as the metric its alarm watches.
 */
import { execFile } from 'node:child_process';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Ticket, Worklog } from '#contracts/responses';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { DynamoLedgerStore } from '../../functions/adapters/dynamodb/ledger-store';
import { DynamoTicketStore } from '../../functions/adapters/dynamodb/ticket-store';
import { DEFAULT_SETTINGS } from '../../functions/core/billing/settings';
import { makeReconcileJob } from '../../functions/jobs/reconcile-ledger';
import { RECONCILE_METRICS } from '../../functions/jobs/schedules';
import { createTableInput } from '../../infra/local/bootstrap';
import { ledgerClient } from './ledger-fixtures';
import { api, ddb, queryPk, stackEnv, uniq } from './support';
import { newCustomerUser, newStaff, openTicket, type CustomerUser } from './ticket-fixtures';

const LATE = 'its time closed with its resolution';

let account: CustomerUser;
let tech: { username: string; token: string };
let supervisor: { username: string; token: string };
/** Every ticket this file closes, for the reconcile run at the end. */
const closedHere: { id: string; number: string }[] = [];

beforeAll(async () => {
  [account, tech, supervisor] = await Promise.all([newCustomerUser('Tardi'), newStaff('technician'), newStaff('supervisor')]);
});

const log = (ticketId: string, minutes: number, kind: 'remote' | 'onsite' = 'remote') =>
  api('POST', `/tickets/${ticketId}/worklogs`, { token: tech.token, body: { minutes, kind, note: `lavoro ${minutes}` } });

/** Polls the ticket until `done` holds, for up to two minutes (a loaded machine); says where it is stuck. */
async function until(ticketId: string, done: (t: Ticket) => boolean, what: string): Promise<Ticket> {
  const deadline = Date.now() + 120_000;
  let last: Ticket | undefined;
  while (Date.now() < deadline) {
    last = (await api('GET', `/tickets/${ticketId}`, { token: account.token })).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`ticket ${ticketId} is not ${what} after 120 s; it is ${last?.status}: ${JSON.stringify(last)}`);
}

/** Every worklog of the ticket, through the paged route. */
async function allWorklogs(ticketId: string): Promise<Worklog[]> {
  const items: Worklog[] = [];
  let cursor: string | undefined;
  do {
    const res = await api('GET', `/tickets/${ticketId}/worklogs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tech.token });
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** The policy of docs/product.md with the default settings: round up to 15, at least 60 on site, 0 with no logs. */
const policy = (worklogs: { minutes: number; kind: string }[]) => {
  if (worklogs.length === 0) return 0;
  const rounded = Math.ceil(worklogs.reduce((s, w) => s + w.minutes, 0) / 15) * 15;
  return worklogs.some((w) => w.kind === 'onsite') ? Math.max(rounded, 60) : rounded;
};

/** logged → billable → charged, on the ticket, in its worklogs and in the ledger. */
async function expectSettledInFull(t: Ticket) {
  const worklogs = await allWorklogs(t.id);
  expect(t.loggedMinutes).toBe(worklogs.reduce((s, w) => s + w.minutes, 0));
  expect(t.billableMinutes).toBe(t.classification?.kind === 'billable' ? policy(worklogs) : 0);
  expect(t.charges.reduce((s, c) => s + c.minutes, 0)).toBe(t.billableMinutes);
  const entries = (await queryPk(`CUSTOMER#${t.customerId}`)).filter((i) => i.type === 'entry' && i.ticketId === t.id);
  expect(entries.reduce((s, e) => s - (e.minutes as number), 0)).toBe(t.billableMinutes);
  return worklogs;
}

describe('late worklogs', () => {
  it('racing the resolution: each worklog is settled or refused (409), never counted and left unbilled', { timeout: 300_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const ticket = await openTicket(account.token, { category: 'configuration_change' });
      const accepted: number[] = [];
      const refused: string[] = [];
      let firstAccepted!: () => void;
      const started = new Promise<void>((r) => (firstAccepted = r));
      // Four technicians log time without pause until each is refused; the resolution lands among them.
      const worker = async (w: number) => {
        for (let i = 0; ; i++) {
          const minutes = 1 + ((w * 7 + i * 3) % 13);
          const res = await log(ticket.id, minutes, w === 0 && i === 0 && round === 2 ? 'onsite' : 'remote');
          if (res.status === 201) {
            accepted.push(minutes);
            firstAccepted();
            continue;
          }
          expect(res.status, JSON.stringify(res.body)).toBe(409);
          expect(res.body.detail).toContain(LATE);
          expect(res.body.detail).toMatch(/ is (resolved|closed): /);
          refused.push(String(res.body.detail));
          return;
        }
      };
      const workers = [0, 1, 2, 3].map(worker);
      await started;
      const resolution = await api('POST', `/tickets/${ticket.id}/resolution`, { token: tech.token, body: { rootCause: 'none', summary: 'configurazione cambiata' } });
      expect(resolution.status).toBe(202);
      await Promise.all(workers);
      expect(refused).toHaveLength(4);
      const done = await until(ticket.id, (t) => t.status === 'closed', 'closed');
      expect(done.classification?.kind).toBe('billable');
      const worklogs = await expectSettledInFull(done);
      expect(worklogs.map((w) => w.minutes).sort()).toEqual([...accepted].sort());
      expect(done.billableMinutes).toBeGreaterThan(0);
      // And once closed: still a 409, and nothing changes.
      const late = await log(ticket.id, 5);
      expect(late.status).toBe(409);
      expect(late.body.detail).toContain(LATE);
      expect((await api('GET', `/tickets/${ticket.id}`, { token: account.token })).body.loggedMinutes).toBe(done.loggedMinutes);
      closedHere.push(ticket);
    }
  });

  it('on a contested ticket: refused while the contest waits, after a rejection, and during the accepted round', { timeout: 300_000 }, async () => {
    const ticket = await openTicket(account.token, { category: 'configuration_change' });
    expect((await log(ticket.id, 40)).status).toBe(201);
    expect((await api('POST', `/tickets/${ticket.id}/resolution`, { token: tech.token, body: { rootCause: 'customer', summary: 'router del cliente' } })).status).toBe(202);
    const first = await until(ticket.id, (t) => t.status === 'closed', 'closed');
    expect(first.billableMinutes).toBe(45);

    const contest = await api('POST', `/tickets/${ticket.id}/contest`, { token: account.token, body: { reason: 'Il router è vostro' } });
    expect(contest.status).toBe(202);
    const waiting = await log(ticket.id, 20);
    expect(waiting.status).toBe(409);
    expect(waiting.body.detail).toContain('is contested');
    expect(waiting.body.detail).toContain(LATE);

    const decision = await api('POST', `/tickets/${ticket.id}/contest/decision`, { token: supervisor.token, body: { decision: 'accepted', note: 'Confermato' } });
    expect(decision.status).toBe(202);
    // The accepted round is running (or done): no more time either way.
    expect((await log(ticket.id, 15)).status).toBe(409);
    const done = await until(ticket.id, (t) => t.status === 'closed' && t.classification?.reason === 'contest_accepted', 'closed by the accepted contest');
    expect(done.billableMinutes).toBe(0);
    expect(done.loggedMinutes).toBe(40);
    await expectSettledInFull(done);
    expect((await log(ticket.id, 15)).status).toBe(409);
    closedHere.push(ticket);

    const rejected = await openTicket(account.token, { category: 'feature_activation' });
    expect((await log(rejected.id, 50, 'onsite')).status).toBe(201);
    expect((await api('POST', `/tickets/${rejected.id}/resolution`, { token: tech.token, body: { rootCause: 'none', summary: 'attivato' } })).status).toBe(202);
    await until(rejected.id, (t) => t.status === 'closed', 'closed');
    expect((await api('POST', `/tickets/${rejected.id}/contest`, { token: account.token, body: { reason: 'Pensavo fosse incluso' } })).status).toBe(202);
    expect((await log(rejected.id, 10)).status).toBe(409);
    expect((await api('POST', `/tickets/${rejected.id}/contest/decision`, { token: supervisor.token, body: { decision: 'rejected', note: 'È a pagamento' } })).status).toBe(202);
    const closedAgain = await until(rejected.id, (t) => t.status === 'closed', 'closed again');
    expect((await log(rejected.id, 10)).status).toBe(409);
    expect(closedAgain.billableMinutes).toBe(60);
    await expectSettledInFull(closedAgain);
    closedHere.push(rejected);
  });
});

describe('npm run reconcile checks tickets against the ledger', () => {
  const table = `${stackEnv.TABLE_NAME}-${uniq('reconcile')}`;

  /** Runs infra/local/reconcile.ts as `npm run reconcile` does, against the copy. */
  const reconcile = () =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        'node_modules/.bin/tsx',
        ['infra/local/reconcile.ts'],
        { env: { ...process.env, ...stackEnv, TABLE_NAME: table }, timeout: 120_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, out: `${stdout}${stderr}` }),
      );
    });

  async function copyPartition(pk: string) {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await ddb.send(new QueryCommand({ TableName: stackEnv.TABLE_NAME!, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: startKey, ConsistentRead: true }));
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    for (let i = 0; i < items.length; i += 25) {
      await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
  }

  it('finds no drift in these closed tickets, then a planted late worklog: exit 1, naming the ticket', { timeout: 300_000 }, async () => {
    expect(closedHere.length).toBeGreaterThanOrEqual(5);
    await ddb.send(new CreateTableCommand(createTableInput(table)));
    await copyPartition(`CUSTOMER#${account.customerId}`);
    for (const t of closedHere) await copyPartition(keys.ticket(t.id).pk);

    const clean = await reconcile();
    expect(clean.out).toContain(`${closedHere.length} closed tickets`);
    expect(clean.out).toContain('drift: 0');
    expect(clean.code, clean.out).toBe(0);

    // What the bug left behind: 30 minutes logged after the resolution, counted, never settled.
    const victim = closedHere[0]!;
    const at = new Date().toISOString();
    await ddb.send(new PutCommand({ TableName: table, Item: { ...keys.ticketWorklog(victim.id, at, 'w_PLANTED'), type: 'worklog', id: 'w_PLANTED', ticketId: victim.id, at, by: tech.username, minutes: 30, kind: 'remote', note: 'tardi' } }));
    const planted = await reconcile();
    expect(planted.code, planted.out).toBe(1);
    expect(planted.out).toContain(`DRIFT ${account.customerId} ticket ${victim.number} (${victim.id}) loggedMinutes = Σ worklogs`);
    expect(planted.out).toContain(`ticket ${victim.number} (${victim.id}) billableMinutes = policy(worklogs)`);
    expect(planted.out).toContain('drift: 2');

    // The scheduled job on the same data: the drift goes out as the metrics the alarm watches.
    const published: Record<string, number> = {};
    const metrics = { addMetric: (name: string, _unit: string, value: number) => void (published[name] = value), publishStoredMetrics: () => undefined } as unknown as Metrics;
    const job = makeReconcileJob({ ledger: new DynamoLedgerStore(table, ledgerClient), tickets: new DynamoTicketStore(table), policy: async () => DEFAULT_SETTINGS, metrics: async () => metrics });
    expect(await job()).toMatchObject({ tickets: closedHere.length, drift: 2 });
    expect(published).toEqual({ [RECONCILE_METRICS.drift]: 2, [RECONCILE_METRICS.ticketDrift]: 2, [RECONCILE_METRICS.ticketsChecked]: closedHere.length });
  });
});
