/**
 * Proves the ticket routes end to end (gateway, real tokens, DynamoDB Local): the ticket's exact shape,
 * readable numbers unique under 50 concurrent opens, open → in_progress at the first staff action with
 * firstResponseAt stamped once, loggedMinutes = Σ worklogs even under concurrent logging, refusals on
 * closed tickets (409) and of non-whole minutes (400) that write nothing, lists newest first for
 * customers and for staff, pagination that never repeats or skips while tickets are being added,
 * Idempotency-Key (replays, concurrent twins, another body → 409), and incidents attributing new tickets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '#contracts/responses';
import { api, tableSnapshot, uniq, expectProblem } from './support';
import { forceStatus, newCustomerUser, newStaff, openTicket, pool, ticketBody, type CustomerUser } from './ticket-fixtures';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let alfa: CustomerUser;
let beta: CustomerUser;
let tech: { username: string; token: string };
let supervisor: { username: string; token: string };

beforeAll(async () => {
  [alfa, beta, tech, supervisor] = await Promise.all([newCustomerUser('Alfa'), newCustomerUser('Beta'), newStaff('technician'), newStaff('supervisor')]);
});

describe('opening and reading a ticket', () => {
  it('a customer opens a ticket and reads it back in the shape of docs/api.md', async () => {
    const res = await api('POST', '/tickets', { token: alfa.token, body: ticketBody({ category: 'configuration_change', onSite: true }) });
    expect(res.status).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(res.body).toEqual({
      id: expect.stringMatching(/^t_[0-9A-Z]{26}$/),
      number: expect.stringMatching(new RegExp(`^T-(${year}|${year + 1})-\\d{6}$`)),
      customerId: alfa.customerId,
      category: 'configuration_change',
      subject: 'La connessione cade ogni sera',
      description: 'Dalle 21 la fibra perde la portante per qualche minuto.',
      onSite: true,
      status: 'open',
      expectedClassification: 'billable',
      loggedMinutes: 0,
      billableMinutes: 0,
      charges: [],
      worklogs: [],
      messages: [],
      createdAt: expect.stringMatching(ISO),
      openedBy: alfa.username,
      // The SLA clocks of its category's targets (issue 12), just started.
      sla: {
        firstResponse: { state: 'running', targetMinutes: expect.any(Number), elapsedMinutes: 0, dueAt: expect.stringMatching(ISO), atRiskAt: expect.stringMatching(ISO) },
        resolution: { state: 'running', targetMinutes: expect.any(Number), elapsedMinutes: 0, dueAt: expect.stringMatching(ISO), atRiskAt: expect.stringMatching(ISO) },
      },
    });
    expect(res.headers.get('location')).toBe(`/tickets/${res.body.id}`);
    const got = await api('GET', `/tickets/${res.body.id}`, { token: alfa.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('the expected classification comes from the category, onSite defaults to false', async () => {
    const t = await openTicket(alfa.token, { category: 'service_information' });
    expect(t).toMatchObject({ expectedClassification: 'included', onSite: false });
  });

  it('a ticket can be found by its number, as read out on the phone', async () => {
    const t = await openTicket(alfa.token);
    const byNumber = await api('GET', `/tickets/${t.number}`, { token: tech.token });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.id).toBe(t.id);
  });

  it('well-formed ids that do not exist are 404; ids no id can look like are 400 naming path.id; never 500', async () => {
    for (const id of ['nope', 't_00000000000000000000000000', 'T-2026-999999', 'x'.repeat(128)]) {
      expectProblem(await api('GET', `/tickets/${id}`, { token: tech.token }), 404);
    }
    for (const id of ['x'.repeat(129), 'x'.repeat(3000), '%00', 'TICKET%23t_1', '%E0%A4%A', '%zz', 'a%0Ab']) {
      const res = await api('GET', `/tickets/${id}`, { token: tech.token });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ path: 'path.id', message: expect.stringMatching(/^must be 1–128 characters/) }]);
    }
  });

  it('staff cannot open tickets (403): a ticket belongs to a customer account', async () => {
    expectProblem(await api('POST', '/tickets', { token: tech.token, body: ticketBody() }), 403);
  });

  it('customerId, status and other fields cannot be smuggled into a new ticket', async () => {
    const before = await tableSnapshot();
    for (const extra of [{ customerId: beta.customerId }, { status: 'closed' }, { loggedMinutes: 5 }, { classification: { kind: 'included' } }]) {
      const res = await api('POST', '/tickets', { token: alfa.token, body: ticketBody(extra) });
      expectProblem(res, 400);
      expect(res.body.errors?.map((e) => e.path)).toContain(Object.keys(extra)[0]);
    }
    expect(await tableSnapshot()).toEqual(before);
  });
});

describe('ticket numbers', () => {
  it('50 concurrent opens get 50 distinct, readable numbers', async () => {
    const tickets = await Promise.all(Array.from({ length: 50 }, (_, i) => openTicket(i % 2 ? alfa.token : beta.token, { subject: `concurrent ${i}` })));
    const numbers = tickets.map((t) => t.number);
    expect(new Set(numbers).size).toBe(50);
    for (const n of numbers) expect(n).toMatch(/^T-\d{4}-\d{6}$/);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(50);
  });
});

describe('status, first response and logged minutes', () => {
  it('a customer message leaves the ticket open; the first staff message starts it and stamps firstResponseAt once', async () => {
    const t = await openTicket(alfa.token);
    const own = await api('POST', `/tickets/${t.id}/messages`, { token: alfa.token, body: { body: 'Aggiungo: succede anche al mattino.' } });
    expect(own.status).toBe(201);
    expect(own.body).toEqual({ id: expect.stringMatching(/^m_/), ticketId: t.id, at: expect.stringMatching(ISO), by: alfa.username, author: 'customer', body: 'Aggiungo: succede anche al mattino.' });
    let got = (await api('GET', `/tickets/${t.id}`, { token: alfa.token })).body;
    expect(got.status).toBe('open');
    expect(got.firstResponseAt).toBeUndefined();

    const reply = await api('POST', `/tickets/${t.id}/messages`, { token: tech.token, body: { body: 'Stiamo verificando la linea.' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ author: 'staff', by: tech.username });
    got = (await api('GET', `/tickets/${t.id}`, { token: alfa.token })).body;
    expect(got.status).toBe('in_progress');
    expect(got.firstResponseAt).toBe(reply.body.at);

    await api('POST', `/tickets/${t.id}/messages`, { token: supervisor.token, body: { body: 'Secondo intervento.' } });
    await api('POST', `/tickets/${t.id}/worklogs`, { token: tech.token, body: { minutes: 10, kind: 'remote', note: 'test linea' } });
    got = (await api('GET', `/tickets/${t.id}`, { token: alfa.token })).body;
    expect(got.firstResponseAt).toBe(reply.body.at);
    expect(got.messages.map((m) => m.author)).toEqual(['customer', 'staff', 'staff']);
  });

  it('a worklog is a first staff action too, and is the technician of the token', async () => {
    const t = await openTicket(alfa.token);
    const res = await api('POST', `/tickets/${t.id}/worklogs`, { token: tech.token, body: { minutes: 25, kind: 'onsite', note: 'sostituito ONT' } });
    expect(res.status).toBe(201);
    // Staff see the ticket's revision the write made; the customer's copy carries no revisions.
    expect(res.body).toEqual({ id: expect.stringMatching(/^w_/), ticketId: t.id, at: expect.stringMatching(ISO), by: tech.username, minutes: 25, kind: 'onsite', note: 'sostituito ONT', revision: expect.any(Number) });
    const got = (await api('GET', `/tickets/${t.id}`, { token: alfa.token })).body;
    expect(got).toMatchObject({ status: 'in_progress', firstResponseAt: res.body.at, loggedMinutes: 25 });
    expect(got.worklogs).toEqual([{ ...res.body, revision: undefined }]);
    expect(got.worklogs[0]).not.toHaveProperty('revision');
  });

  it('loggedMinutes is the sum of the worklogs, also when 20 are logged at once (with messages in between)', async () => {
    const t = await openTicket(alfa.token);
    const minutes = Array.from({ length: 20 }, (_, i) => i + 1);
    const results = await Promise.all([
      ...minutes.map((m) => api('POST', `/tickets/${t.id}/worklogs`, { token: m % 2 ? tech.token : supervisor.token, body: { minutes: m, kind: 'remote', note: `log ${m}` } })),
      ...[1, 2, 3].map((i) => api('POST', `/tickets/${t.id}/messages`, { token: tech.token, body: { body: `msg ${i}` } })),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(23).fill(201));
    const got = (await api('GET', `/tickets/${t.id}`, { token: tech.token })).body;
    expect(got.worklogs).toHaveLength(20);
    expect(got.loggedMinutes).toBe(210);
    expect(got.worklogs.reduce((s, w) => s + w.minutes, 0)).toBe(got.loggedMinutes);
    expect(got.status).toBe('in_progress');
    expect([...got.worklogs, ...got.messages].map((e) => e.at).sort()[0]).toBe(got.firstResponseAt);
  });

  it.each([
    ['fractional', 1.5],
    ['negative', -15],
    ['zero', 0],
    ['a string', '15'],
    ['more than a day', 1441],
    ['missing', undefined],
  ])('worklog minutes %s → 400 naming minutes, nothing written', async (_name, minutes) => {
    const t = await openTicket(alfa.token);
    const before = await tableSnapshot();
    const res = await api('POST', `/tickets/${t.id}/worklogs`, { token: tech.token, body: { minutes, kind: 'remote', note: 'x' } });
    expectProblem(res, 400);
    expect(res.body.errors?.map((e) => e.path)).toContain('minutes');
    expect(await tableSnapshot()).toEqual(before);
  });

  it('a closed ticket takes no more messages or worklogs (409) and is left as it was', async () => {
    const t = await openTicket(alfa.token);
    await forceStatus(t.id, 'closed');
    const before = await tableSnapshot();
    expectProblem(await api('POST', `/tickets/${t.id}/worklogs`, { token: tech.token, body: { minutes: 5, kind: 'remote', note: 'tardi' } }), 409);
    expectProblem(await api('POST', `/tickets/${t.id}/messages`, { token: tech.token, body: { body: 'tardi' } }), 409);
    expectProblem(await api('POST', `/tickets/${t.id}/messages`, { token: alfa.token, body: { body: 'grazie' } }), 409);
    expect(await tableSnapshot()).toEqual(before);
  });

  it('a resolved or contested ticket takes no late time log (409, nothing written) but still takes messages', async () => {
    const t = await openTicket(alfa.token);
    await api('POST', `/tickets/${t.id}/messages`, { token: tech.token, body: { body: 'preso in carico' } });
    for (const status of ['resolved', 'contested'] as const) {
      await forceStatus(t.id, status);
      const before = await tableSnapshot();
      const late = await api('POST', `/tickets/${t.id}/worklogs`, { token: tech.token, body: { minutes: 5, kind: 'remote', note: 'verifica finale' } });
      expectProblem(late, 409);
      expect(late.body.detail).toContain('its time closed with its resolution');
      expect(await tableSnapshot()).toEqual(before);
    }
    expect((await api('POST', `/tickets/${t.id}/messages`, { token: alfa.token, body: { body: 'grazie' } })).status).toBe(201);
    expect((await api('GET', `/tickets/${t.id}`, { token: tech.token })).body).toMatchObject({ status: 'contested', loggedMinutes: 0 });
  });
});

describe('lists', () => {
  let gamma: CustomerUser;
  let delta: CustomerUser;
  const opened: { gamma: Ticket[]; delta: Ticket[] } = { gamma: [], delta: [] };

  beforeAll(async () => {
    [gamma, delta] = await Promise.all([newCustomerUser('Gamma'), newCustomerUser('Delta')]);
    for (let i = 0; i < 4; i++) {
      opened.gamma.push(await openTicket(gamma.token, { subject: `gamma ${i}` }));
      opened.delta.push(await openTicket(delta.token, { subject: `delta ${i}` }));
    }
    await api('POST', `/tickets/${opened.gamma[1]!.id}/messages`, { token: tech.token, body: { body: 'in lavorazione' } });
  });

  it('a customer sees only its own account, newest first, without the history arrays', async () => {
    const res = await api('GET', '/tickets', { token: gamma.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((t) => t.id)).toEqual(opened.gamma.map((t) => t.id).reverse());
    expect(res.body.nextCursor).toBeUndefined();
    expect(res.body.items[0]).toMatchObject({ customerId: gamma.customerId, status: 'open', number: expect.any(String) });
    expect(res.body.items[0]).not.toHaveProperty('messages');
  });

  it('?status= filters the own list', async () => {
    const res = await api('GET', '/tickets?status=in_progress', { token: gamma.token });
    expect(res.body.items.map((t) => t.id)).toEqual([opened.gamma[1]!.id]);
    const open = await api('GET', '/tickets?status=open&limit=2', { token: gamma.token });
    expect(open.body.items.map((t) => t.id)).toEqual([opened.gamma[3]!.id, opened.gamma[2]!.id]);
    const rest = await api('GET', `/tickets?status=open&limit=2&cursor=${open.body.nextCursor}`, { token: gamma.token });
    expect(rest.body.items.map((t) => t.id)).toEqual([opened.gamma[0]!.id]);
    expect(rest.body.nextCursor).toBeUndefined();
  });

  it('a customer may name its own account but no other (400)', async () => {
    expect((await api('GET', `/tickets?customerId=${gamma.customerId}`, { token: gamma.token })).body.items).toHaveLength(4);
    expectProblem(await api('GET', `/tickets?customerId=${delta.customerId}`, { token: gamma.token }), 400);
  });

  it('staff see one account with ?customerId=, or every account, by status (the queue)', async () => {
    const one = await api('GET', `/tickets?customerId=${delta.customerId}`, { token: tech.token });
    expect(one.body.items.map((t) => t.id)).toEqual(opened.delta.map((t) => t.id).reverse());
    const queue = await api('GET', '/tickets?status=open&limit=100', { token: tech.token });
    const ids = queue.body.items.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([...opened.delta.map((t) => t.id), opened.gamma[0]!.id]));
    expect(ids).not.toContain(opened.gamma[1]!.id);
    expect(queue.body.items.every((t) => t.status === 'open')).toBe(true);
    const all = await api('GET', '/tickets?limit=100', { token: supervisor.token });
    expect(all.body.items.map((t) => t.id)).toEqual(expect.arrayContaining([opened.gamma[1]!.id, opened.delta[0]!.id]));
    const times = all.body.items.map((t) => `${t.createdAt}#${t.id}`);
    expect(times).toEqual([...times].sort().reverse());
    for (const who of ['finance', 'admin']) expect((await api('GET', '/tickets?limit=1', { as: who })).status).toBe(200);
  });

  it('bad list parameters are 400', async () => {
    for (const q of ['status=done', 'limit=0', 'limit=101', 'limit=ten', 'cursor=%%%', 'cursor=eyJ4IjoxfQ', 'sort=asc']) {
      expectProblem(await api('GET', `/tickets?${q}`, { token: gamma.token }), 400);
    }
  });

  it('a cursor of another list or account is refused (400), never followed', async () => {
    const page = await api('GET', '/tickets?limit=1', { token: gamma.token });
    expectProblem(await api('GET', `/tickets?limit=1&cursor=${page.body.nextCursor}`, { token: delta.token }), 400);
    expectProblem(await api('GET', `/tickets?limit=1&status=open&cursor=${page.body.nextCursor}`, { token: gamma.token }), 400);
  });

  it('pages never repeat or skip a ticket while others are being opened', async () => {
    const epsilon = await newCustomerUser('Epsilon');
    const existing = await pool(Array.from({ length: 30 }, (_, i) => i), 5, (i) => openTicket(epsilon.token, { subject: `existing ${i}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let adding = true;
    const added: string[] = [];
    const writer = (async () => {
      while (adding) added.push((await openTicket(epsilon.token, { subject: 'meanwhile' })).id);
    })();
    const staffSeen: string[] = [];
    let staffCursor: string | undefined;
    do {
      const page = await api('GET', `/tickets?limit=4${cursor ? `&cursor=${cursor}` : ''}`, { token: epsilon.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((t) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    do {
      const page = await api('GET', `/tickets?limit=7&customerId=${epsilon.customerId}&status=open${staffCursor ? `&cursor=${staffCursor}` : ''}`, { token: tech.token });
      staffSeen.push(...page.body.items.map((t) => t.id));
      staffCursor = page.body.nextCursor;
    } while (staffCursor);
    adding = false;
    await writer;
    expect(added.length).toBeGreaterThan(0);
    for (const list of [seen, staffSeen]) {
      expect(new Set(list).size).toBe(list.length);
      expect(list).toEqual(expect.arrayContaining(existing.map((t) => t.id)));
    }
  });
});

describe('Idempotency-Key on POST /tickets', () => {
  it('the same key and body twice → one ticket, the same response', async () => {
    const key = uniq('idem');
    const first = await api('POST', '/tickets', { token: alfa.token, body: ticketBody(), headers: { 'idempotency-key': key } });
    const again = await api('POST', '/tickets', { token: alfa.token, body: ticketBody(), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    // The replay took no number: the next ticket's number follows the first one's.
    const next = await openTicket(beta.token);
    const sequence = (n: string) => Number(n.split('-')[2]);
    expect(sequence(next.number)).toBe(sequence(first.body.number) + 1);
  });

  it('10 concurrent requests with one key → one ticket, ten identical responses', async () => {
    const key = uniq('idem');
    const fresh = await newCustomerUser('Doppio');
    const body = ticketBody({ subject: 'doppio click' });
    const all = await Promise.all(Array.from({ length: 10 }, () => api('POST', '/tickets', { token: fresh.token, body, headers: { 'idempotency-key': key } })));
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const r of all) expect(r.body).toEqual(all[0]!.body);
    const after = (await api('GET', '/tickets', { token: fresh.token })).body.items;
    expect(after.map((t) => t.id)).toEqual([all[0]!.body.id]);
  });

  it('the same key with another body → 409, nothing written', async () => {
    const key = uniq('idem');
    expect((await api('POST', '/tickets', { token: alfa.token, body: ticketBody(), headers: { 'idempotency-key': key } })).status).toBe(201);
    const before = await tableSnapshot();
    expectProblem(await api('POST', '/tickets', { token: alfa.token, body: ticketBody({ subject: 'altro' }), headers: { 'idempotency-key': key } }), 409);
    expect(await tableSnapshot()).toEqual(before);
  });

  it('a key is the caller’s own: another user with the same key opens its own ticket', async () => {
    const key = uniq('idem');
    const a = await api('POST', '/tickets', { token: alfa.token, body: ticketBody(), headers: { 'idempotency-key': key } });
    const b = await api('POST', '/tickets', { token: beta.token, body: ticketBody(), headers: { 'idempotency-key': key } });
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.customerId).toBe(beta.customerId);
  });

  it('a malformed key is a 400', async () => {
    expectProblem(await api('POST', '/tickets', { token: alfa.token, body: ticketBody(), headers: { 'idempotency-key': 'x'.repeat(256) } }), 400);
  });
});

describe('incidents', () => {
  it('a ticket opened while an incident covers the account records it; after closing, new tickets do not', async () => {
    const [covered, other] = await Promise.all([newCustomerUser('Coperto'), newCustomerUser('Altro')]);
    const startedAt = new Date(Date.now() - 30 * 60_000).toISOString();
    const res = await api('POST', '/incidents', { token: tech.token, body: { title: 'Guasto dorsale Milano', customerIds: [covered.customerId, covered.customerId], startedAt } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^i_/),
      title: 'Guasto dorsale Milano',
      customerIds: [covered.customerId],
      startedAt,
      status: 'active',
      declaredBy: tech.username,
      createdAt: expect.stringMatching(ISO),
    });
    expect((await openTicket(covered.token)).incidentId).toBe(res.body.id);
    expect((await openTicket(other.token)).incidentId).toBeUndefined();

    const closed = await api('POST', `/incidents/${res.body.id}/close`, { token: supervisor.token });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.stringMatching(ISO), closedBy: supervisor.username });
    expect((await openTicket(covered.token)).incidentId).toBeUndefined();
    const before = await tableSnapshot();
    expectProblem(await api('POST', `/incidents/${res.body.id}/close`, { token: tech.token }), 409);
    expect(await tableSnapshot()).toEqual(before);
  });

  it('refuses unknown accounts, a start in the future and unknown incidents, writing nothing', async () => {
    const before = await tableSnapshot();
    const unknown = await api('POST', '/incidents', { token: tech.token, body: { title: 'x', customerIds: [alfa.customerId, 'c_NOPE'] } });
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ path: 'customerIds.1', message: 'no such customer' }]);
    const future = await api('POST', '/incidents', { token: tech.token, body: { title: 'x', customerIds: [alfa.customerId], startedAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expectProblem(future, 400);
    expectProblem(await api('POST', '/incidents', { token: tech.token, body: { title: 'x', customerIds: [] } }), 400);
    expectProblem(await api('POST', '/incidents/i_00000000000000000000000000/close', { token: tech.token }), 404);
    expectProblem(await api('POST', '/incidents/nope/close', { token: tech.token }), 404);
    expect(await tableSnapshot()).toEqual(before);
  });
});
