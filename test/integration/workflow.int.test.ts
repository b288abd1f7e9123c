/**
 * Proves the ticket workflow end to end on the local stack, through the API with real tokens: the
 * letter's paths (who pays is decided by the findings, the hours are debited from the right buckets,
 * the customer is emailed once), contests, exactly-once under repeated steps, and that bad input to the
 * workflow's routes changes neither the ticket, the ledger nor the execution.
 */
import { describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Ticket } from '#contracts/responses';
import type { CategoryId } from '#contracts/vocabulary';
import { api, as, login, mailbox, putItem, queryPk, ses, stackEnv, tableSnapshot as tableSettled, uniq, withToken } from './support';
import { notYet, waitFor } from '../support/wait';

interface Account {
  customerId: string;
  username: string;
  token: string;
  email: string;
}

/** A new account and its customer user, through the typed client (anything but the documented 201 throws). */
async function newAccount(options: { freeMinutes?: number; locale?: 'it' | 'en' } = {}): Promise<Account> {
  const email = `${uniq('billing')}@wf.example`;
  const admin = as('admin');
  const customer = await admin.createCustomer({
    body: { name: uniq('Cliente '), billingEmail: email, locale: options.locale ?? 'it', ...(options.freeMinutes !== undefined ? { freeMinutes: options.freeMinutes } : {}) },
  });
  const username = uniq('wf');
  await admin.createUser({ body: { username, email: `${username}@wf.example`, role: 'customer', customerId: customer.id, password: 'workflow-pass-1' } });
  return { customerId: customer.id, username, token: await login(username, 'workflow-pass-1'), email };
}

async function openTicket(account: Account, category: CategoryId, onSite = false, consentToConsuntivo?: boolean): Promise<Ticket> {
  return withToken(account.token).createTicket({ body: { category, subject: `Richiesta ${category}`, description: 'Dettagli della richiesta', onSite, ...(consentToConsuntivo ? { consentToConsuntivo } : {}) } });
}

async function work(ticketId: string, minutes: number, kind: 'remote' | 'onsite' = 'remote') {
  const res = await api('POST', `/tickets/${ticketId}/worklogs`, { as: 'tech', body: { minutes, kind, note: 'lavoro svolto' } });
  expect(res.status).toBe(201);
}

async function resolve(ticketId: string, rootCause: string) {
  const res = await api('POST', `/tickets/${ticketId}/resolution`, { as: 'tech', body: { rootCause, summary: `causa: ${rootCause}` } });
  expect(res.status).toBe(202);
  return res;
}

/**
 * Polls the ticket as its customer until `done` holds (the workflow runs in the background); past the
 * deadline, says where the ticket is: its status, flag and the state of its execution.
 */
async function until(account: Account, ticketId: string, done: (t: Ticket) => boolean, what = 'the ticket to get there'): Promise<Ticket> {
  return waitFor(`${what} (${ticketId})`, async () => {
    const ticket = (await api('GET', `/tickets/${ticketId}`, { token: account.token })).body;
    if (done(ticket)) return ticket;
    const round = ticket.contest?.status === 'accepted' ? '-r2' : '';
    const executionArn = `${stackEnv.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${ticketId}${round}`;
    const execution = await sfnClient.send(new DescribeExecutionCommand({ executionArn })).catch((err: Error) => ({ status: err.name, error: undefined, cause: undefined }));
    return notYet(
      `ticket ${JSON.stringify({ status: ticket.status, attention: ticket.attention, classification: ticket.classification?.reason, billableMinutes: ticket.billableMinutes })}` +
        `, execution ${execution.status}${execution.error ? ` ${execution.error}: ${execution.cause}` : ''}`,
    );
  });
}
const closed = (account: Account, ticketId: string) => until(account, ticketId, (t) => t.status === 'closed', 'the ticket to close');
const sfnClient = new SFNClient({ endpoint: stackEnv.AWS_ENDPOINT_URL_SFN!, region: stackEnv.AWS_REGION!, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

const balance = async (account: Account) => (await api('GET', '/balance', { token: account.token })).body;

async function ticketEntries(customerId: string, ticketId: string) {
  return (await queryPk(`CUSTOMER#${customerId}`)).filter((i) => i.type === 'entry' && i.ticketId === ticketId);
}

describe("the letter's paths", () => {
  it('a configuration change is billable and draws on the free bank; when it runs out the customer is told once', async () => {
    const account = await newAccount({ freeMinutes: 60 });
    const ticket = await openTicket(account, 'configuration_change');
    await work(ticket.id, 70);
    await resolve(ticket.id, 'none');
    const done = await closed(account, ticket.id);
    expect(done.classification).toEqual({ kind: 'billable', reason: 'billable_request', rule: 'billable-request' });
    expect(done.billableMinutes).toBe(75); // 70 rounded up to the 15-minute increment
    expect(done.charges).toEqual([
      { bucket: 'free', minutes: 60 },
      { bucket: 'consuntivo', minutes: 15 },
    ]);
    expect(done.closedAt).toBeTruthy();
    expect(done.resolvedAt).toBeTruthy();
    const b = await balance(account);
    expect(b.freeMinutesRemaining).toBe(0);
    expect(b.consuntivoMinutesThisPeriod).toBe(15);
    expect(b.consuntivoAmountCentsThisPeriod).toBe(1500);
    const mails = await mailbox(account.email);
    expect(mails.filter((m) => m.subject === 'Il tuo monte ore gratuito è esaurito')).toHaveLength(1);
    const billable = mails.filter((m) => m.subject.includes(ticket.number));
    expect(billable).toHaveLength(1);
    expect(billable[0]!.body.text).toContain('monte ore gratuito: 1 h');
  });

  it('a service fault caused by the provider is included: nothing charged, no email', async () => {
    const account = await newAccount();
    const ticket = await openTicket(account, 'service_fault');
    await work(ticket.id, 45);
    await resolve(ticket.id, 'provider');
    const done = await closed(account, ticket.id);
    expect(done.classification).toEqual({ kind: 'included', reason: 'provider_fault', rule: 'root-cause-provider' });
    expect(done.billableMinutes).toBe(0);
    expect(done.charges).toEqual([]);
    expect((await balance(account)).freeMinutesRemaining).toBe(300);
    expect(await mailbox(account.email)).toHaveLength(0);
  });

  it('a service fault caused by the customer is billable "causa cliente", on the consuntivo when nothing is prepaid', async () => {
    const account = await newAccount({ freeMinutes: 0, locale: 'en' });
    const ticket = await openTicket(account, 'service_fault');
    await work(ticket.id, 30);
    await resolve(ticket.id, 'customer');
    const done = await closed(account, ticket.id);
    expect(done.classification).toEqual({ kind: 'billable', reason: 'customer_cause', rule: 'root-cause-customer' });
    expect(done.charges).toEqual([{ bucket: 'consuntivo', minutes: 30 }]);
    expect((await balance(account)).consuntivoAmountCentsThisPeriod).toBe(3000);
    const mails = await mailbox(account.email);
    expect(mails.map((m) => m.subject)).toEqual([`Ticket ${ticket.number} closed as billable work`]);
    expect(mails[0]!.body.text).toContain("cause on the customer's side");
  });

  it('a ticket opened during an incident on the account is included, whatever the root cause', async () => {
    const account = await newAccount();
    const incident = await api('POST', '/incidents', { as: 'tech', body: { title: 'Fibra interrotta', customerIds: [account.customerId] } });
    expect(incident.status).toBe(201);
    const ticket = await openTicket(account, 'service_fault');
    await work(ticket.id, 20);
    await resolve(ticket.id, 'customer');
    const done = await closed(account, ticket.id);
    expect(done.classification).toEqual({ kind: 'included', reason: 'incident', rule: 'incident-at-opening' });
    expect(done.charges).toEqual([]);
    expect((await api('POST', `/incidents/${incident.body.id}/close`, { as: 'tech' })).status).toBe(200);
  });

  it('an on-site visit for extra work bills at least the on-site minimum', async () => {
    const account = await newAccount();
    const ticket = await openTicket(account, 'onsite_extra', true);
    await work(ticket.id, 20, 'onsite');
    await resolve(ticket.id, 'none');
    const done = await closed(account, ticket.id);
    expect(done.billableMinutes).toBe(60);
    expect(done.charges).toEqual([{ bucket: 'free', minutes: 60 }]);
    expect((await balance(account)).freeMinutesRemaining).toBe(240);
  });

  it('an accepted contest gives every minute back to its bucket', async () => {
    const account = await newAccount({ freeMinutes: 30 });
    const before = await balance(account);
    const ticket = await openTicket(account, 'feature_activation');
    await work(ticket.id, 45);
    await resolve(ticket.id, 'none');
    await closed(account, ticket.id);
    expect((await balance(account)).consuntivoMinutesThisPeriod).toBe(15);

    const contest = await api('POST', `/tickets/${ticket.id}/contest`, { token: account.token, body: { reason: 'Era un vostro errore di configurazione' } });
    expect(contest.status).toBe(202);
    expect(contest.body.status).toBe('contested');
    const decision = await api('POST', `/tickets/${ticket.id}/contest/decision`, { as: 'supervisor', body: { decision: 'accepted', note: 'Confermato' } });
    expect(decision.status).toBe(202);
    const done = await until(account, ticket.id, (t) => t.status === 'closed' && t.classification?.reason === 'contest_accepted', 'round 2 to close as contest_accepted');
    expect(done.classification).toEqual({ kind: 'included', reason: 'contest_accepted', rule: 'contest-accepted' });
    expect(done.charges).toEqual([]);
    expect(done.contest).toMatchObject({ status: 'accepted', decidedBy: 'supervisor' });
    const after = await balance(account);
    expect(after.freeMinutesRemaining).toBe(before.freeMinutesRemaining);
    expect(after.consuntivoMinutesThisPeriod).toBe(0);
    expect(after.consuntivoAmountCentsThisPeriod).toBe(0);
    const entries = await ticketEntries(account.customerId, ticket.id);
    expect(entries.reduce((sum, e) => sum + e.minutes, 0)).toBe(0);
  });

  it('a rejected contest closes it again as it was, and it cannot be contested twice', async () => {
    const account = await newAccount();
    const ticket = await openTicket(account, 'consulting');
    await work(ticket.id, 15);
    await resolve(ticket.id, 'none');
    await closed(account, ticket.id);
    expect((await api('POST', `/tickets/${ticket.id}/contest`, { token: account.token, body: { reason: 'Non richiesto' } })).status).toBe(202);
    const rejected = await api('POST', `/tickets/${ticket.id}/contest/decision`, { as: 'supervisor', body: { decision: 'rejected', note: 'Attività richiesta dal cliente' } });
    expect(rejected.status).toBe(202);
    expect(rejected.body).toMatchObject({ status: 'closed', contest: { status: 'rejected', note: 'Attività richiesta dal cliente' } });
    expect((await api('POST', `/tickets/${ticket.id}/contest`, { token: account.token, body: { reason: 'Ancora' } })).status).toBe(409);
    expect((await balance(account)).freeMinutesRemaining).toBe(285);
  });
});

describe('exactly once', () => {
  /** Calls a workflow step's handler directly, as a retry or a re-run would. */
  async function step(handler: string, payload: unknown) {
    Object.assign(process.env, stackEnv);
    const mod = (await import(`../../functions/workflow/${handler}.ts`)) as { handler: (p: unknown) => Promise<unknown> };
    return mod.handler(payload);
  }

  it('the resolution sent twice, the settle step run twice, the notify step run again: one debit, one email', async () => {
    const account = await newAccount({ freeMinutes: 15 });
    const ticket = await openTicket(account, 'custom_configuration');
    await work(ticket.id, 30);
    await resolve(ticket.id, 'none');
    const second = await api('POST', `/tickets/${ticket.id}/resolution`, { as: 'tech', body: { rootCause: 'none', summary: 'di nuovo' } });
    expect(second.status).toBe(409);
    await closed(account, ticket.id);
    const entriesBefore = await ticketEntries(account.customerId, ticket.id);
    const balanceBefore = await balance(account);
    const mailsBefore = await mailbox(account.email);
    expect(mailsBefore).toHaveLength(2); // free hours used up + the billable ticket

    const input = { ticketId: ticket.id, customerId: account.customerId, round: 1 };
    const first = (await step('settle-ticket', input)) as { notices: unknown[] };
    const again = (await step('settle-ticket', input)) as { notices: unknown[] };
    expect(again).toEqual(first);
    await step('notify-customer', { ...input, notices: first.notices });
    await step('close-ticket', input);

    expect(await ticketEntries(account.customerId, ticket.id)).toEqual(entriesBefore);
    expect(await balance(account)).toEqual(balanceBefore);
    expect(await mailbox(account.email)).toHaveLength(2);
  });
});

describe('faults', () => {
  it('a ticket whose workflow never started (the start failed after the write) still closes once resolved', async () => {
    Object.assign(process.env, stackEnv);
    const { openTicket: open } = await import('../../functions/core/tickets/use-cases');
    const { DynamoTicketStore } = await import('../../functions/adapters/dynamodb/ticket-store');
    const { DynamoIncidentStore } = await import('../../functions/adapters/dynamodb/incident-store');
    const { IdempotencyRecords } = await import('../../functions/adapters/dynamodb/idempotency');
    const { DynamoLedgerStore } = await import('../../functions/adapters/dynamodb/ledger-store');
    const { DynamoAccountStore } = await import('../../functions/adapters/dynamodb/account-store');
    const account = await newAccount();
    // The ticket is written as POST /tickets writes it, but no execution is started.
    const table = stackEnv.TABLE_NAME!;
    const deps = { tickets: new DynamoTicketStore(table), incidents: new DynamoIncidentStore(table), idempotency: new IdempotencyRecords(table), ledger: new DynamoLedgerStore(table), accounts: new DynamoAccountStore(table), now: () => new Date() };
    const { body } = await open(deps, { username: account.username, role: 'customer', customerId: account.customerId }, { category: 'configuration_change', subject: 'Senza workflow', description: 'avvio fallito' }, undefined);
    const ticket = body as { id: string };
    await work(ticket.id, 15);
    await resolve(ticket.id, 'none');
    const done = await closed(account, ticket.id);
    expect(done.charges).toEqual([{ bucket: 'free', minutes: 15 }]);
  });

  it("an email claim left by an attempt that died mid-send: Notify waits out its lease, the ticket closes, the email is never resent", async () => {
    const account = await newAccount({ freeMinutes: 0 });
    const ticket = await openTicket(account, 'configuration_change', false, true);
    await work(ticket.id, 15);
    // What a run killed between SES's answer and the outbox's `sent` leaves behind: a `sending` claim whose lease
    // still holds: here 58 s more, as if taken 62 s ago — longer than the whole transient retry schedule (at most
    // 1 + 2 + 4 + 8 + 16 + 20 = 51 s), which used to give up and flag the ticket. Notify must neither send nor flag.
    const pk = `EMAIL#ticket-billable:${ticket.id}:1`;
    await putItem({ pk, sk: 'EMAIL', type: 'email', noticeId: pk.slice(6), to: account.email, subject: 'in flight', customerId: account.customerId, status: 'sending', claimedAt: new Date(Date.now() - 62_000).toISOString(), claimedUntil: Date.now() + 58_000 });
    await resolve(ticket.id, 'none');
    const done = await closed(account, ticket.id);
    expect(done.attention).toBeUndefined();
    const [record] = await queryPk(pk);
    expect(record?.status).toBe('unconfirmed');
    expect((await mailbox(account.email)).filter((m) => m.subject.includes(ticket.number))).toHaveLength(0);
  });

  it('SES down while a ticket closes, then back: the ticket waits, the email arrives once', async () => {
    const account = await newAccount({ freeMinutes: 0 });
    const ticket = await openTicket(account, 'configuration_change', false, true);
    await work(ticket.id, 15);
    await ses('stop');
    try {
      await resolve(ticket.id, 'none');
      // The notify step fails (its outbox claim is released for the retry); the ticket is not closed without its email.
      await waitFor(`the Notify step to fail on SES for ${ticket.id}`, async () => {
        const [claim] = await queryPk(`EMAIL#ticket-billable:${ticket.id}:1`);
        return claim?.status === 'released' || notYet(`its outbox record is ${JSON.stringify(claim ?? 'not there')}`);
      });
      expect((await api('GET', `/tickets/${ticket.id}`, { token: account.token })).body.status).toBe('resolved');
    } finally {
      await ses('start');
    }
    await closed(account, ticket.id);
    const mails = (await mailbox(account.email)).filter((m) => m.subject.includes(ticket.number));
    expect(mails).toHaveLength(1);
  });
});

describe('bad input to the workflow routes changes nothing', () => {
  const sfn = new SFNClient({ endpoint: stackEnv.AWS_ENDPOINT_URL_SFN!, region: stackEnv.AWS_REGION!, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

  async function snapshot(account: Account, ticketId: string) {
    const ticket = (await api('GET', `/tickets/${ticketId}`, { as: 'supervisor' })).body;
    const executionArn = `${stackEnv.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${ticketId}`;
    const { status, output } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const [item] = (await queryPk(`TICKET#${ticketId}`)).filter((i) => i.type === 'ticket');
    return { ticket, execution: { status, output }, taskToken: item!.taskToken, ledger: await ticketEntries(account.customerId, ticketId), balance: await balance(account) };
  }

  it('400, 403 and 409 where they belong', async () => {
    const account = await newAccount();
    const open = await openTicket(account, 'service_fault');
    await until(account, open.id, () => true, 'the ticket to be readable');
    await tableSettled();
    const before = await snapshot(account, open.id);
    expect(before.execution.status).toBe('RUNNING');
    const unknownCause = await api('POST', `/tickets/${open.id}/resolution`, { as: 'tech', body: { rootCause: 'gremlins', summary: 'x' } });
    expect(unknownCause.status).toBe(400);
    expect(unknownCause.body.errors?.map((e) => e.path)).toContain('rootCause');
    expect((await api('POST', `/tickets/${open.id}/resolution`, { as: 'tech', body: { rootCause: 'none', summary: 'x', status: 'closed' } })).status).toBe(400);
    expect((await api('POST', `/tickets/${open.id}/contest`, { token: account.token, body: { reason: 'troppo presto' } })).status).toBe(409);
    expect((await api('POST', `/tickets/${open.id}/contest/decision`, { as: 'supervisor', body: { decision: 'accepted', note: 'x' } })).status).toBe(409);
    expect((await api('POST', `/tickets/${open.id}/contest/decision`, { token: account.token, body: { decision: 'accepted', note: 'x' } })).status).toBe(403);
    expect((await api('POST', `/tickets/${open.id}/resolution`, { token: account.token, body: { rootCause: 'provider', summary: 'x' } })).status).toBe(403);
    expect(await snapshot(account, open.id)).toEqual(before);

    const included = await openTicket(account, 'service_information');
    await resolve(included.id, 'none');
    await closed(account, included.id);
    const closedBefore = await snapshot(account, included.id);
    expect((await api('POST', `/tickets/${included.id}/resolution`, { as: 'tech', body: { rootCause: 'customer', summary: 'ripensamento' } })).status).toBe(409);
    expect((await api('POST', `/tickets/${included.id}/contest`, { token: account.token, body: { reason: 'nulla da contestare' } })).status).toBe(409);
    expect(await snapshot(account, included.id)).toEqual(closedBefore);

    const other = await newAccount();
    expect((await api('POST', `/tickets/${included.id}/contest`, { token: other.token, body: { reason: 'non mio' } })).status).toBe(404);
  });
});
