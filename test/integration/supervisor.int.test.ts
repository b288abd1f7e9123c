/**
 * The supervisor's and the incidents' routes (issue 12 items 5, 6): GET /incidents and GET /staff/accounts
 * (staff only, paged), the reclassification of a closed ticket (a new workflow round: settled again once,
 * the customer emailed once, a repeat changes nothing, the ledger balances after included → billable →
 * included), its preview (the ledger's own plan), and GET /attention (flagged tickets, gone once re-run).
 */
import { describe, expect, it } from 'vitest';
import type { Ticket } from '#contracts/responses';
import { api, armStepFault, login, mailbox, queryPk, uniq, type ApiResponse } from './support';
import { notYet, waitFor } from '../support/wait';

/** A GET with a query string; the body as a test reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = (path: string, query: Record<string, string | undefined>, who: { as?: string; token?: string }): Promise<ApiResponse<any>> => {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return api('GET', `${path}${q ? `?${q}` : ''}`, who);
};

interface Account {
  customerId: string;
  name: string;
  token: string;
  email: string;
}

async function newAccount(freeMinutes = 300): Promise<Account> {
  const email = `${uniq('sup')}@supervisor.example`;
  const name = uniq('Supervisione ');
  const customer = await api('POST', '/admin/customers', { as: 'admin', body: { name, billingEmail: email, locale: 'it', freeMinutes } });
  expect(customer.status).toBe(201);
  const username = uniq('sv');
  const user = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@supervisor.example`, role: 'customer', customerId: customer.body.id, password: 'super-pass-123' } });
  expect(user.status).toBe(201);
  return { customerId: customer.body.id, name, token: await login(username, 'super-pass-123'), email };
}

/** Polls the ticket as the supervisor until `done` holds; on timeout says where it is stuck. */
async function until(ticketId: string, what: string, done: (t: Ticket) => boolean): Promise<Ticket> {
  return waitFor(`ticket ${ticketId} ${what}`, async () => {
    const t = (await api('GET', `/tickets/${ticketId}`, { as: 'supervisor' })).body as Ticket;
    return done(t) ? t : notYet(JSON.stringify({ status: t.status, classification: t.classification, reclassification: t.reclassification, attention: t.attention }));
  });
}

/** Waits until the account's mailbox holds `n` emails; their subjects, sorted. */
async function subjects(email: string, n: number): Promise<string[]> {
  return waitFor(`${n} emails to ${email}`, async () => {
    const mails = await mailbox(email);
    return mails.length >= n ? mails.map((m) => m.subject).sort() : notYet(`${mails.length}: ${mails.map((m) => m.subject).join(' | ')}`);
  });
}

/** A ticket worked for `minutes` and resolved with `rootCause`; waits until its workflow closes it. */
async function closedTicket(account: Account, input: { category: 'configuration_change' | 'service_fault'; rootCause: 'none' | 'provider' | 'customer'; minutes: number }): Promise<Ticket> {
  const res = await api('POST', '/tickets', { token: account.token, body: { category: input.category, subject: 'Regole firewall', description: 'Aprire la porta 443' } });
  expect(res.status).toBe(201);
  expect((await api('POST', `/tickets/${res.body.id}/worklogs`, { as: 'tech', body: { minutes: input.minutes, kind: 'remote', note: 'fatto' } })).status).toBe(201);
  expect((await api('POST', `/tickets/${res.body.id}/resolution`, { as: 'tech', body: { rootCause: input.rootCause, summary: 'risolto' } })).status).toBe(202);
  return until(res.body.id, 'closed', (t) => t.status === 'closed');
}

const ticketEntries = async (account: Account, ticketId: string) => (await queryPk(`CUSTOMER#${account.customerId}`)).filter((i) => i.type === 'entry' && i.ticketId === ticketId);
const reclassify = (id: string, body: Record<string, unknown>, as = 'supervisor') => api('POST', `/tickets/${id}/reclassification`, { as, body } as never);

describe('GET /incidents and GET /staff/accounts', () => {
  it('staff list incidents active first, each with its accounts by name; closed ones after; customers are refused', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const first = await api('POST', '/incidents', { as: 'tech', body: { title: `Fibra ${uniq('')}`, customerIds: [a.customerId, b.customerId] } });
    expect(first.status).toBe(201);
    const second = await api('POST', '/incidents', { as: 'tech', body: { title: `Router ${uniq('')}`, customerIds: [a.customerId] } });
    expect((await api('POST', `/incidents/${first.body.id}/close`, { as: 'supervisor' })).status).toBe(200);

    for (const role of ['tech', 'supervisor', 'finance', 'admin']) {
      const res = await get('/incidents', { limit: '100' }, { as: role });
      expect(res.status, role).toBe(200);
    }
    // Walk every page with limit 1: nothing repeats, every active incident comes before every closed one.
    const seen: { id: string; status: string; accounts: { id: string; name: string }[] }[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 500; i++) {
      const res = await get('/incidents', { limit: '50', cursor }, { as: 'tech' });
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length);
    const firstClosed = seen.findIndex((i) => i.status === 'closed');
    expect(seen.slice(firstClosed).every((i) => i.status === 'closed')).toBe(true);
    const active = seen.find((i) => i.id === second.body.id)!;
    expect(active.status).toBe('active');
    expect(active.accounts).toEqual([{ id: a.customerId, name: a.name }]);
    const closed = seen.find((i) => i.id === first.body.id)!;
    expect(closed.status).toBe('closed');
    expect(closed.accounts.map((x) => x.name).sort()).toEqual([a.name, b.name].sort());
    expect(seen.indexOf(active)).toBeLessThan(seen.indexOf(closed));

    // A forged cursor is a 400 naming it; customers never read the list.
    const forged = await get('/incidents', { cursor: 'eyJwaGFzZSI6ImNsb3NlZCJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, { as: 'tech' });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('query.cursor');
    expect((await api('GET', '/incidents', { token: a.token })).status).toBe(403);
    expect((await api('GET', '/staff/accounts', { token: a.token })).status).toBe(403);
  });

  it('a ticket opened during an incident carries it, and its customer reads the incident’s title (never another account’s incident)', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const title = `Dorsale ${uniq('')}`;
    const declared = await api('POST', '/incidents', { as: 'tech', body: { title, customerIds: [a.customerId] } });
    const opened = await api('POST', '/tickets', { token: a.token, body: { category: 'service_fault', subject: 'Niente linea', description: 'Da stamattina' } });
    expect(opened.body.incidentId).toBe(declared.body.id);
    const seen = await api('GET', `/incidents/${declared.body.id}`, { token: a.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ id: declared.body.id, title, startedAt: declared.body.startedAt, status: 'active' });
    expect((await api('GET', `/incidents/${declared.body.id}`, { as: 'tech' })).status).toBe(200);
    const other = await api('GET', `/incidents/${declared.body.id}`, { token: b.token });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(title);
    expect((await api('GET', '/incidents/i_01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: 'tech' })).status).toBe(404);
    expect((await api('GET', '/incidents/nope', { token: a.token })).status).toBe(404);
  });

  it('staff page through every account by name', async () => {
    const a = await newAccount();
    const names: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 1000; i++) {
      const res = await get('/staff/accounts', { limit: '100', cursor }, { as: 'tech' });
      expect(res.status).toBe(200);
      names.push(...res.body.items.map((x: { name: string }) => x.name));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(names).toContain(a.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('POST /tickets/{id}/reclassification', () => {
  it('billable → included → billable: settled again each time, once; one email each; a repeat changes nothing; the ledger balances', { timeout: 240_000 }, async () => {
    const account = await newAccount(300);
    const ticket = await closedTicket(account, { category: 'configuration_change', rootCause: 'none', minutes: 30 });
    expect(ticket.classification?.kind).toBe('billable');
    expect(ticket.charges).toEqual([{ bucket: 'free', minutes: 30 }]);

    // The preview runs the ledger's plan: every minute back to the free bank.
    const preview = await get(`/tickets/${ticket.id}/reclassification/preview`, { classification: 'included' }, { as: 'supervisor' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ from: 'billable', to: 'included', billableMinutes: 0, previousMinutes: 30, charges: [], moves: [{ bucket: 'free', minutes: -30 }], consentMissing: false });

    const res = await reclassify(ticket.id, { classification: 'included', reason: 'Guasto nostro riconosciuto dopo verifica' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.status).toBe('resolved');
    const included = await until(ticket.id, 'reclassified as included', (t) => t.status === 'closed' && t.classification?.kind === 'included');
    expect(included.classification).toEqual({ kind: 'included', reason: 'reclassified', rule: 'supervisor-reclassified' });
    expect(included.billableMinutes).toBe(0);
    expect(included.charges).toEqual([]);
    expect(included.reclassification).toMatchObject({ classification: 'included', reason: 'Guasto nostro riconosciuto dopo verifica', round: 2 });
    expect((await api('GET', '/balance', { token: account.token })).body.freeMinutesRemaining).toBe(300);

    // The same request again: 200, nothing settled or sent again.
    const again = await reclassify(ticket.id, { classification: 'included', reason: 'Guasto nostro riconosciuto dopo verifica' });
    expect(again.status).toBe(200);
    expect(again.body.reclassification?.round).toBe(2);
    // Asking for what it already is, with another reason: 409.
    const same = await reclassify(ticket.id, { classification: 'included', reason: 'altro' });
    expect(same.status).toBe(409);
    expect(same.body.detail).toMatch(/already included/);

    expect(await subjects(account.email, 2)).toEqual([`Ticket ${ticket.number} chiuso come intervento a pagamento`, `Ticket ${ticket.number} riclassificato`].sort());

    // Back to billable: the same 30 minutes drawn again.
    const toBillable = await get(`/tickets/${ticket.id}/reclassification/preview`, { classification: 'billable' }, { as: 'supervisor' });
    expect(toBillable.body).toMatchObject({ billableMinutes: 30, previousMinutes: 0, charges: [{ bucket: 'free', minutes: 30 }], moves: [{ bucket: 'free', minutes: 30 }], consentMissing: false });
    expect((await reclassify(ticket.id, { classification: 'billable', reason: 'Causa cliente confermata' })).status).toBe(202);
    const billable = await until(ticket.id, 'reclassified as billable', (t) => t.status === 'closed' && t.classification?.kind === 'billable');
    expect(billable.charges).toEqual([{ bucket: 'free', minutes: 30 }]);
    expect(billable.billableMinutes).toBe(30);
    expect((await api('GET', '/balance', { token: account.token })).body.freeMinutesRemaining).toBe(270);

    // And included once more: the ledger balances to zero for the ticket, each round settled once.
    expect((await reclassify(ticket.id, { classification: 'included', reason: 'Rivisto di nuovo' })).status).toBe(202);
    await until(ticket.id, 'included again', (t) => t.status === 'closed' && t.classification?.kind === 'included' && t.reclassification?.round === 4);
    const entries = await ticketEntries(account, ticket.id);
    expect(entries.reduce((sum, e) => sum + (e.minutes as number), 0)).toBe(0);
    expect(entries.map((e) => [e.revision, e.minutes]).sort((x, y) => (x[0] as number) - (y[0] as number))).toEqual([
      [1, -30],
      [2, 30],
      [3, -30],
      [4, 30],
    ]);
    expect((await api('GET', '/balance', { token: account.token })).body.freeMinutesRemaining).toBe(300);
    expect((await subjects(account.email, 4)).filter((m) => m.includes('riclassificato'))).toHaveLength(3);
    expect(await mailbox(account.email)).toHaveLength(4);
  });

  it('refuses what it must: roles, open tickets, bad fields, and a draw on the consuntivo the customer never agreed to', { timeout: 120_000 }, async () => {
    const account = await newAccount(0);
    const other = await newAccount();
    // Included (our fault), with no free minutes at all.
    const ticket = await closedTicket(account, { category: 'service_fault', rootCause: 'provider', minutes: 45 });
    expect(ticket.classification?.kind).toBe('included');

    for (const who of [{ as: 'tech' }, { as: 'finance' }, { as: 'admin' }, { token: account.token }, { token: other.token }]) {
      expect((await api('POST', `/tickets/${ticket.id}/reclassification`, { ...who, body: { classification: 'billable', reason: 'x' } } as never)).status, JSON.stringify(Object.keys(who))).toBe(403);
      expect((await get(`/tickets/${ticket.id}/reclassification/preview`, { classification: 'billable' }, who)).status).toBe(403);
    }
    const bad = await reclassify(ticket.id, { classification: 'free', reason: '' });
    expect(bad.status).toBe(400);
    const paths = (bad.body.errors ?? []).map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['classification', 'reason']);
    expect((await reclassify('t_01ARZ3NDEKTSV4RRFFQ69G5FAV', { classification: 'billable', reason: 'x' })).status).toBe(404);

    const preview = await get(`/tickets/${ticket.id}/reclassification/preview`, { classification: 'billable' }, { as: 'supervisor' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ billableMinutes: 45, moves: [{ bucket: 'consuntivo', minutes: 45 }], consentMissing: true });
    expect(preview.body.consuntivoCents).toBeGreaterThan(0);
    const refused = await reclassify(ticket.id, { classification: 'billable', reason: 'Causa cliente' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/consent/);
    const after = (await api('GET', `/tickets/${ticket.id}`, { as: 'supervisor' })).body;
    expect(after.status).toBe('closed');
    expect(after.reclassification).toBeUndefined();
    expect(await ticketEntries(account, ticket.id)).toEqual([]);

    // A ticket still open cannot be reclassified.
    const open = await api('POST', '/tickets', { token: other.token, body: { category: 'service_fault', subject: 'Lenta', description: 'La linea è lenta' } });
    const notClosed = await reclassify(open.body.id, { classification: 'billable', reason: 'x' });
    expect(notClosed.status).toBe(409);
    expect(notClosed.body.detail).toMatch(/only a closed ticket/);
  });
});

describe('GET /attention', () => {
  it('lists a flagged ticket to supervisors only, and no longer once it is re-run and closed', { timeout: 150_000 }, async () => {
    const account = await newAccount();
    await armStepFault('settle-ticket', account.customerId);
    const res = await api('POST', '/tickets', { token: account.token, body: { category: 'configuration_change', subject: 'Bloccato', description: 'Da rieseguire' } });
    await api('POST', `/tickets/${res.body.id}/worklogs`, { as: 'tech', body: { minutes: 15, kind: 'remote', note: 'fatto' } });
    await api('POST', `/tickets/${res.body.id}/resolution`, { as: 'tech', body: { rootCause: 'none', summary: 'fatto' } });
    await until(res.body.id, 'flagged', (t) => t.attention?.reason === 'failed');

    const listed = async () => {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 200; i++) {
        const page = await get('/attention', { limit: '100', cursor }, { as: 'supervisor' });
        expect(page.status).toBe(200);
        ids.push(...page.body.items.map((t: { id: string }) => t.id));
        cursor = page.body.nextCursor;
        if (!cursor) break;
      }
      return ids;
    };
    expect(await listed()).toContain(res.body.id);
    for (const who of [{ as: 'tech' }, { as: 'finance' }, { as: 'admin' }, { token: account.token }]) {
      expect((await api('GET', '/attention', who as never)).status).toBe(403);
    }
    expect((await api('POST', `/tickets/${res.body.id}/workflow/rerun`, { as: 'supervisor' })).status).toBe(202);
    await until(res.body.id, 'closed', (t) => t.status === 'closed');
    expect(await listed()).not.toContain(res.body.id);
  });
});
