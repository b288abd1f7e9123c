/**
 * Proves that no ticket stays stuck: each step of the workflow failing for good once (after doing its
 * work, the hardest case for idempotency) flags the ticket, and a supervisor's re-run — a fresh
 * execution — converges to one debit, one email and a closed ticket. Also the route's refusals: wrong
 * roles, unknown tickets, a closed ticket, a ticket still being worked, two re-runs at once.
 */
import { describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Ticket } from '#contracts/responses';
import { steps } from '../../functions/workflow/steps';
import { newStaff } from './ticket-fixtures';
import { api, armStepFault, login, mailbox, queryPk, stackEnv, uniq } from './support';

interface Account {
  customerId: string;
  token: string;
  email: string;
}

async function newAccount(freeMinutes = 300): Promise<Account> {
  const email = `${uniq('rerun')}@rerun.example`;
  const customer = await api('POST', '/admin/customers', { as: 'admin', body: { name: uniq('Rerun '), billingEmail: email, locale: 'it', freeMinutes } });
  expect(customer.status).toBe(201);
  const username = uniq('rr');
  const user = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@rerun.example`, role: 'customer', customerId: customer.body.id, password: 'rerun-pass-12' } });
  expect(user.status).toBe(201);
  return { customerId: customer.body.id, token: await login(username, 'rerun-pass-12'), email };
}

/** A billable ticket (a configuration change, nothing found) with `minutes` of work, resolved. */
async function billableTicket(account: Account, minutes = 30): Promise<{ id: string; number: string }> {
  const res = await api('POST', '/tickets', { token: account.token, body: { category: 'configuration_change', subject: 'Regole firewall', description: 'Aprire la porta 443' } });
  expect(res.status).toBe(201);
  const work = await api('POST', `/tickets/${res.body.id}/worklogs`, { as: 'tech', body: { minutes, kind: 'remote', note: 'configurato' } });
  expect(work.status).toBe(201);
  const resolved = await api('POST', `/tickets/${res.body.id}/resolution`, { as: 'tech', body: { rootCause: 'none', summary: 'fatto' } });
  expect(resolved.status).toBe(202);
  return res.body;
}

/** Polls the ticket (as the supervisor) until `done` holds; on timeout says what it is stuck at. */
async function until(ticketId: string, what: string, done: (t: Ticket) => boolean, timeoutMs = 60_000): Promise<Ticket> {
  const deadline = Date.now() + timeoutMs;
  let last: Ticket | undefined;
  while (Date.now() < deadline) {
    last = (await api('GET', `/tickets/${ticketId}`, { as: 'supervisor' })).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`ticket ${ticketId} never became ${what}; it is ${JSON.stringify({ status: last?.status, attention: last?.attention, charges: last?.charges })}`);
}

const sfn = new SFNClient({ region: stackEnv.AWS_REGION!, endpoint: stackEnv.AWS_ENDPOINT_URL_SFN!, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

/** The round-1 execution of a ticket, once it has ended (an execution runs on after the ticket closes). */
async function describeExecution(ticketId: string, timeoutMs = 60_000) {
  const executionArn = `${stackEnv.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${ticketId}`;
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (last.status !== 'RUNNING') return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`execution ${executionArn} is still ${last?.status}`);
}

const rerun = (ticketId: string, as = 'supervisor') => api('POST', `/tickets/${ticketId}/workflow/rerun`, { as });

const consumes = async (account: Account, ticketId: string) =>
  (await queryPk(`CUSTOMER#${account.customerId}`)).filter((i) => i.type === 'entry' && i.ticketId === ticketId && i.reason === 'consume');

describe('a supervisor re-runs a stuck workflow', () => {
  const workflowSteps = Object.values(steps).filter((s) => s.handler !== 'flag-ticket').map((s) => s.handler);

  // Close failing after it wrote leaves nothing to re-run: the ticket is closed, with no attention.
  const beforeClose = workflowSteps.filter((s) => s !== 'close-ticket');

  it.each(beforeClose)('%s fails for good once after its work: flagged, re-run, one debit, one email, closed', { timeout: 150_000 }, async (step) => {
    const account = await newAccount();
    await armStepFault(step, account.customerId);
    const ticket = await billableTicket(account);
    const flagged = await until(ticket.id, 'flagged for attention', (t) => t.attention?.reason === 'failed');
    expect(flagged.status).not.toBe('closed');
    // A new resolution cannot help (409): the re-run is the way out.
    expect((await api('POST', `/tickets/${ticket.id}/resolution`, { as: 'tech', body: { rootCause: 'none', summary: 'di nuovo' } })).status).toBe(409);

    const res = await rerun(ticket.id);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.attention).toBeUndefined();
    const done = await until(ticket.id, 'closed', (t) => t.status === 'closed');
    expect(done.attention).toBeUndefined();
    expect(done.billableMinutes).toBe(30);
    expect(done.charges).toEqual([{ bucket: 'free', minutes: 30 }]);
    const debits = await consumes(account, ticket.id);
    expect(debits.map((e) => e.minutes)).toEqual([-30]);
    const balance = (await api('GET', '/balance', { token: account.token })).body;
    expect(balance.freeMinutesRemaining).toBe(270);
    const mails = await mailbox(account.email);
    expect(mails.map((m) => m.subject)).toEqual([`Ticket ${ticket.number} chiuso come intervento a pagamento`]);
    // Closed now: nothing left to re-run.
    const again = await rerun(ticket.id);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/closed/);
  });

  it('close-ticket fails after closing: the ticket stays closed, unflagged, one debit, one email; a re-run is refused', { timeout: 150_000 }, async () => {
    const account = await newAccount();
    await armStepFault('close-ticket', account.customerId);
    const ticket = await billableTicket(account);
    const closed = await until(ticket.id, 'closed', (t) => t.status === 'closed');
    // The execution fails after Close wrote; FlagForAttention (which runs before it ends) finds the round
    // closed and flags nothing.
    const execution = await describeExecution(ticket.id);
    expect(execution.status).toBe('FAILED');
    expect((await api('GET', `/tickets/${ticket.id}`, { as: 'supervisor' })).body).toEqual(closed);
    expect(closed.attention).toBeUndefined();
    expect((await consumes(account, ticket.id)).map((e) => e.minutes)).toEqual([-30]);
    expect(await mailbox(account.email)).toHaveLength(1);
    expect((await rerun(ticket.id)).status).toBe(409);
  });

  it('two re-runs at once: one starts, the other is refused, and the ticket still closes once', { timeout: 150_000 }, async () => {
    const account = await newAccount();
    await armStepFault('settle-ticket', account.customerId);
    const ticket = await billableTicket(account);
    await until(ticket.id, 'flagged for attention', (t) => t.attention?.reason === 'failed');
    const both = await Promise.all([rerun(ticket.id), rerun(ticket.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
    await until(ticket.id, 'closed', (t) => t.status === 'closed');
    expect((await consumes(account, ticket.id)).map((e) => e.minutes)).toEqual([-30]);
    expect(await mailbox(account.email)).toHaveLength(1);
  });

  it('refuses a ticket still being worked, with nothing failed (409), and changes nothing', async () => {
    const account = await newAccount();
    const res = await api('POST', '/tickets', { token: account.token, body: { category: 'configuration_change', subject: 'Nuovo utente', description: 'Creare una casella' } });
    const open = await until(res.body.id, 'parked at AwaitFindings', (t) => t.status === 'open');
    const refused = await rerun(open.id);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect(refused.body.detail).toMatch(/findings/);
    expect((await api('GET', `/tickets/${open.id}`, { as: 'supervisor' })).body).toEqual(open);
  });

  it('is for supervisors only (403), and an unknown or malformed ticket is a 404', async () => {
    const account = await newAccount();
    const other = await newAccount();
    const res = await api('POST', '/tickets', { token: account.token, body: { category: 'configuration_change', subject: 'Nuovo utente', description: 'Creare una casella' } });
    const tech = await newStaff('technician');
    for (const as of ['tech', 'finance', 'admin']) expect((await rerun(res.body.id, as)).status, as).toBe(403);
    expect((await api('POST', `/tickets/${res.body.id}/workflow/rerun`, { token: tech.token })).status).toBe(403);
    // Customers, even of the ticket's own account or another one, never re-run anything.
    expect((await api('POST', `/tickets/${res.body.id}/workflow/rerun`, { token: account.token })).status).toBe(403);
    expect((await api('POST', `/tickets/${res.body.id}/workflow/rerun`, { token: other.token })).status).toBe(403);
    expect((await rerun('t_01ZZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
    expect((await rerun('T-2026-999999')).status).toBe(404);
    expect((await rerun('nonsense')).status).toBeGreaterThanOrEqual(400);
    expect((await rerun('nonsense')).status).toBeLessThan(500);
  });
});

describe('the "free hours used up" notice carries the settle\'s own figures', () => {
  it('a settle replayed after a grant (a retried or re-run step) tells the same figures and sends nothing; the next exhaustion is told', { timeout: 150_000 }, async () => {
    const { handler: settle } = await import('../../functions/workflow/settle-ticket');
    const { handler: notify } = await import('../../functions/workflow/notify-customer');
    const account = await newAccount(60);
    const first = await billableTicket(account, 60);
    await until(first.id, 'closed', (t) => t.status === 'closed');
    const used = '1 h di supporto avanzato gratuito';
    const exhausted = async () => (await mailbox(account.email)).filter((m) => m.subject === 'Il tuo monte ore gratuito è esaurito');
    expect((await exhausted()).map((m) => m.body.text?.includes(used))).toEqual([true]);

    // A grant commits, then the settle step runs again for the same round (its Lambda timed out after
    // the commit; or a supervisor's re-run): the ledger replays the result, and the notice must too.
    const grant = await api('POST', `/admin/customers/${account.customerId}/grants`, { as: 'admin', body: { minutes: 60, note: 'cortesia' }, headers: { 'idempotency-key': uniq('g') } });
    expect(grant.status).toBe(201);
    const input = { ticketId: first.id, customerId: account.customerId, round: 1 };
    const { notices } = await settle(input);
    expect(notices.find((n) => n.kind === 'free_exhausted')).toMatchObject({ freeMinutesGranted: 60 });
    await notify({ ...input, notices });
    expect(await exhausted()).toHaveLength(1);

    // The 60 minutes granted run out in their turn: that exhaustion (120 granted in all) is told, once.
    const second = await billableTicket(account, 60);
    await until(second.id, 'closed', (t) => t.status === 'closed');
    const told = await exhausted();
    expect(told).toHaveLength(2);
    expect(told.filter((m) => m.body.text?.includes('2 h di supporto avanzato gratuito'))).toHaveLength(1);
  });
});
