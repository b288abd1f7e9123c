/**
 * Proves that the local runtime survives being killed: a copy of `npm start` (its own data folder and
 * free ports) is SIGKILLed while 50 resolved tickets are still going through their workflow; started
 * again, it stops the emulators the dead copy left behind, runs every unfinished execution again, and
 * all 50 close with exactly one debit each and zero drift in the ledger.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoLedgerStore } from '../../functions/adapters/dynamodb/ledger-store';
import { reconcileLedger } from '../../functions/jobs/reconcile-ledger';
import { freePort } from '../../infra/local/emulators';
import { caller, cognitoLogin } from '../support/session';
import { notYet, waitFor } from '../support/wait';
import { EMAIL_LEASE_SECONDS } from '../../functions/core/notifications/send';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'monteore-crash-'));
let child: ChildProcess | undefined;

interface Running {
  url: string;
  env: Record<string, string>;
}

/** The last lines the copy printed (its log is kept in the data folder), for failure messages. */
const logTail = () => {
  const log = join(dataDir, 'start.log');
  return existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-15).join('\n') : '(no output)';
};

async function startCopy(): Promise<Running> {
  rmSync(join(dataDir, 'stack.json'), { force: true });
  const log = openSync(join(dataDir, 'start.log'), 'a');
  const copy = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(await freePort()), MONTEORE_PORTS: 'auto', MONTEORE_DATA_DIR: dataDir },
    stdio: ['ignore', log, log],
  });
  closeSync(log); // the copy has its own
  child = copy;
  await waitFor('the npm start copy to write stack.json', () => {
    if (copy.exitCode !== null) throw new Error(`the npm start copy exited with ${copy.exitCode} before it was ready:\n${logTail()}`);
    return existsSync(join(dataDir, 'stack.json')) || notYet(`no stack.json in ${dataDir}; its output so far:\n${logTail()}`);
  });
  return JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as Running;
}

function client(running: Running) {
  const cognito = { endpoint: running.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER!, clientId: running.env.USER_POOL_CLIENT_ID! };
  const login = async (username: string, password: string) => (await cognitoLogin(cognito, username, password)).accessToken;
  return { login, call: caller(running.url) };
}

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('killed with 50 tickets in flight', () => {
  it('closes all 50 after a restart, each debited once, with zero drift', async () => {
    const first = await startCopy();
    const api = client(first);
    const admin = await api.login('admin', 'demo-password-1');
    const tech = await api.login('tech', 'demo-password-1');
    const customer = await api.call('POST', '/admin/customers', admin, { name: 'Crash Srl', billingEmail: 'conti@crash.example', locale: 'it', freeMinutes: 120 });
    await api.call('POST', '/admin/users', admin, { username: 'crash', email: 'crash@crash.example', role: 'customer', customerId: customer.id, password: 'crash-password-1' });
    const token = await api.login('crash', 'crash-password-1');

    const tickets: { id: string }[] = [];
    for (let batch = 0; batch < 5; batch++) {
      tickets.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => api.call('POST', '/tickets', token, { category: 'configuration_change', subject: `Ticket ${batch * 10 + i}`, description: 'crash test' })))));
    }
    await Promise.all(tickets.map((t, i) => api.call('POST', `/tickets/${t.id}/worklogs`, tech, { minutes: 10 + (i % 4) * 10, kind: 'remote', note: 'lavoro' })));
    await Promise.all(tickets.map((t) => api.call('POST', `/tickets/${t.id}/resolution`, tech, { rootCause: 'none', summary: 'fatto' })));
    const before = (await api.call('GET', '/tickets?limit=100', token)).items as { status: string }[];
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const inFlight = before.filter((t) => t.status !== 'closed').length;
    expect(inFlight, 'tickets still in their workflow when the runtime was killed').toBeGreaterThan(0);

    const second = await startCopy();
    const again = client(second);
    const token2 = await again.login('crash', 'crash-password-1');
    const sfn = new SFNClient({ endpoint: second.env.AWS_ENDPOINT_URL_SFN!, region: second.env.AWS_REGION!, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    type Listed = { id: string; status: string; attention?: { reason: string; state?: string; error?: string }; billableMinutes: number; charges: { minutes: number }[] };
    const items = await waitFor('all 50 tickets to close after the restart', async () => {
      const listed = (await again.call('GET', '/tickets?limit=100', token2)).items as Listed[];
      const open = listed.filter((t) => t.status !== 'closed');
      if (listed.length === 50 && open.length === 0) return listed;
      // Where they are stuck: each ticket's status and flag, and the executions the stand-in still runs or failed.
      const executions = async (statusFilter: 'RUNNING' | 'FAILED') =>
        (await sfn.send(new ListExecutionsCommand({ stateMachineArn: second.env.STATE_MACHINE_ARN!, statusFilter }))).executions ?? [];
      const [running, failed] = await Promise.all([executions('RUNNING'), executions('FAILED')]);
      const mine = <E extends { name?: string }>(all: E[]) => all.filter((e) => open.some((t) => t.id === e.name));
      const why = await Promise.all(
        mine(failed).map(async (e) => {
          const d = await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn! }));
          return `${e.name} ${d.error}: ${d.cause}`;
        }),
      );
      const stuck =
        `${listed.length - open.length} of ${listed.length} closed; not closed: ${open.map((t) => `${t.id} ${t.status}${t.attention ? ` attention ${JSON.stringify(t.attention)}` : ''}`).join('; ')}` +
        `; their executions still running: [${mine(running).map((e) => e.name).join(', ')}], failed: [${why.join('; ')}]; the copy's last output:\n${logTail()}`;
      // A flagged ticket waits for a supervisor: stuck for good, not slow.
      if (open.some((t) => t.attention)) throw new Error(`a ticket was flagged for attention instead of closing: ${stuck}`);
      return notYet(stuck);
      // An email whose send the kill interrupted holds its claim for its lease (EMAIL_LEASE_SECONDS, 120 s): that
      // ticket's Notify waits it out (NoticeBusy) and then closes it with the email `unconfirmed`. So the deadline
      // is the lease plus the usual one.
    }, { timeoutMs: EMAIL_LEASE_SECONDS * 1000 + 180_000 });
    sfn.destroy();
    expect(items.filter((t) => t.status === 'closed')).toHaveLength(50);
    for (const t of items) expect(t.charges.reduce((s, c) => s + c.minutes, 0), t.id).toBe(t.billableMinutes);

    const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: second.env.AWS_ENDPOINT_URL_DYNAMODB!, region: second.env.AWS_REGION!, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }));
    const ledger = new DynamoLedgerStore(second.env.TABLE_NAME!, ddb);
    const report = await reconcileLedger(ledger);
    expect(report.drift).toEqual([]);
    const total = items.reduce((s, t) => s + t.billableMinutes, 0);
    const balance = await again.call('GET', '/balance', token2);
    expect(120 - balance.freeMinutesRemaining + balance.consuntivoMinutesThisPeriod).toBe(total);
    ddb.destroy();
  }, 600_000);
});
