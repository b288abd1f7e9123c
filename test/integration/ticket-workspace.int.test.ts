/**
 * The technicians' ticket workspace (issue 12, items 3 and 4), through the gateway on the emulators:
 * - internal notes: staff write and read them; no customer answer, list, history page, 409 or email
 *   carries them, and a note does not even change what a customer's copy looks like (its ETag);
 * - the revision check: a staff write with the revision it saw is refused (409, `changes` naming what was
 *   written since) when the ticket moved, and writes nothing; without a revision, today's behaviour;
 * - the account context beside a ticket: only through a ticket the caller can see, staff working tickets only;
 * - the resolution preview: writes nothing, and equals what the workflow then records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '#contracts/responses';
import { notYet, waitFor } from '../support/wait';
import { api, as, login, mailbox, problemOf, tableSnapshot, uniq, withToken, type ApiResponse } from './support';
import { newCustomerUser, newStaff, openTicket, type CustomerUser } from './ticket-fixtures';

let a: CustomerUser;
let b: CustomerUser;
let tech: { username: string; token: string };
let tech2: { username: string; token: string };
let supervisor: { username: string; token: string };

beforeAll(async () => {
  [a, b, tech, tech2, supervisor] = await Promise.all([newCustomerUser('Workspace A'), newCustomerUser('Workspace B'), newStaff('technician'), newStaff('technician'), newStaff('supervisor')]);
});

const expectProblem = (res: ApiResponse<unknown>, status: number) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return problemOf(res);
};

const staffView = async (id: string, token = tech.token) => {
  const res = await api('GET', `/tickets/${id}`, { token });
  expect(res.status).toBe(200);
  return res.body;
};

describe('internal notes', () => {
  let ticket: Ticket;
  const secret = `nota-riservata-${uniq('')}`;

  beforeAll(async () => {
    ticket = await openTicket(a.token, { subject: 'Note interne' });
    expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: a.token, body: { body: 'Dettagli dal cliente' } })).status).toBe(201);
    expect((await api('POST', `/tickets/${ticket.id}/worklogs`, { token: tech.token, body: { minutes: 10, kind: 'remote', note: 'diagnosi' } })).status).toBe(201);
  });

  it('staff write a note; it comes back to staff with the ticket and in its own list, and starts nothing', async () => {
    const before = await staffView(ticket.id);
    const created = await api('POST', `/tickets/${ticket.number}/notes`, { token: supervisor.token, body: { body: secret } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ticketId: ticket.id, by: supervisor.username, body: secret, revision: before.revision! + 1 });
    const after = await staffView(ticket.id);
    expect(after.internalNotes?.map((n) => n.body)).toEqual([secret]);
    expect(after.revision).toBe(before.revision! + 1);
    expect(after.status).toBe(before.status);
    expect(after.firstResponseAt).toBe(before.firstResponseAt);
    const listed = await api('GET', `/tickets/${ticket.id}/notes`, { token: tech.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((n) => n.body)).toEqual([secret]);
  });

  it('a note on a fresh ticket does not count as the first response', async () => {
    const fresh = await openTicket(a.token, { subject: 'Solo nota' });
    expect((await api('POST', `/tickets/${fresh.id}/notes`, { token: tech.token, body: { body: 'da guardare domani' } })).status).toBe(201);
    const seen = await staffView(fresh.id);
    expect(seen.status).toBe('open');
    expect(seen.firstResponseAt).toBeUndefined();
  });

  it('no customer-facing read carries a note: the ticket, the lists, the history pages', async () => {
    const reads = [
      await api('GET', `/tickets/${ticket.id}`, { token: a.token }),
      await api('GET', `/tickets/${ticket.number}`, { token: a.token }),
      await api('GET', '/tickets?limit=100', { token: a.token }),
      await api('GET', `/tickets?customerId=${a.customerId}&limit=100`, { token: tech.token }),
      await api('GET', `/tickets/${ticket.id}/messages`, { token: a.token }),
      await api('GET', `/tickets/${ticket.id}/worklogs`, { token: a.token }),
      await api('GET', `/tickets/${ticket.id}/messages`, { token: tech.token }),
      await api('GET', `/tickets/${ticket.id}/worklogs`, { token: tech.token }),
    ];
    for (const res of reads) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(secret);
    }
    const own = reads[0]!.body as Ticket;
    expect(own).not.toHaveProperty('internalNotes');
    expect(own).not.toHaveProperty('notesNextCursor');
    // The revision grows with notes, so the customer's copy does not carry it (nor do its history items,
    // whose revision gaps would hint at notes): its ETag stays as it was.
    expect(own).not.toHaveProperty('revision');
    for (const item of [...own.messages, ...own.worklogs, ...(reads[4]!.body as { items: object[] }).items, ...(reads[5]!.body as { items: object[] }).items]) expect(item).not.toHaveProperty('revision');
    expect((reads[6]!.body as { items: { revision?: number }[] }).items.every((i) => typeof i.revision === 'number')).toBe(true);
  });

  it('a note leaves the customer’s copy byte for byte as it was: the poll still answers 304', async () => {
    const first = await api('GET', `/tickets/${ticket.id}`, { token: a.token });
    const etag = first.headers.get('etag')!;
    expect((await api('POST', `/tickets/${ticket.id}/notes`, { token: tech2.token, body: { body: `${secret} bis` } })).status).toBe(201);
    const again = await api('GET', `/tickets/${ticket.id}`, { token: a.token, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('customers, finance and admin may neither write nor read notes (403), and nothing changes', async () => {
    const [finance, admin] = [await login('finance'), await login('admin')];
    const before = await tableSnapshot();
    for (const token of [a.token, finance, admin]) {
      expectProblem(await api('POST', `/tickets/${ticket.id}/notes`, { token, body: { body: 'x' } }), 403);
      expectProblem(await api('GET', `/tickets/${ticket.id}/notes`, { token }), 403);
    }
    expect(await tableSnapshot()).toEqual(before);
  });

  it('another account’s customer learns nothing: its ticket is a 404 and the note routes are 403', async () => {
    expectProblem(await api('GET', `/tickets/${ticket.id}`, { token: b.token }), 404);
    expectProblem(await api('GET', `/tickets/${ticket.id}/notes`, { token: b.token }), 403);
  });

  it('a note with an empty body or an unknown field is a 400 naming it, writing nothing', async () => {
    const before = await tableSnapshot();
    const empty = expectProblem(await api('POST', `/tickets/${ticket.id}/notes`, { token: tech.token, body: { body: '' } }), 400);
    expect(empty.errors?.map((e) => e.path)).toContain('body');
    const extra = expectProblem(await api('POST', `/tickets/${ticket.id}/notes`, { token: tech.token, body: { body: 'x', visibleToCustomer: true } }), 400);
    expect(extra.errors?.length).toBeGreaterThan(0);
    expect(await tableSnapshot()).toEqual(before);
  });
});

describe('revision check (collisions)', () => {
  it('a staff write on the revision it saw goes through; on an older one it is a 409 naming what changed, and nothing is written', async () => {
    const ticket = await openTicket(a.token, { subject: 'Collisione' });
    const seen = await staffView(ticket.id);
    // Someone else replies and writes a note meanwhile.
    const reply = await api('POST', `/tickets/${ticket.id}/messages`, { token: tech2.token, body: { body: 'Risposta del collega', revision: seen.revision } });
    expect(reply.status).toBe(201);
    const note = await api('POST', `/tickets/${ticket.id}/notes`, { token: tech2.token, body: { body: 'nota del collega' } });
    expect(note.status).toBe(201);
    const before = await tableSnapshot();
    for (const [path, body] of [
      ['messages', { body: 'La mia risposta', revision: seen.revision }],
      ['worklogs', { minutes: 15, kind: 'remote', note: 'lavoro', revision: seen.revision }],
      ['notes', { body: 'la mia nota', revision: seen.revision }],
      ['resolution', { rootCause: 'customer', summary: 'router del cliente', revision: seen.revision }],
    ] as const) {
      const refused = expectProblem(await api('POST', `/tickets/${ticket.id}/${path}`, { token: tech.token, body }), 409);
      const changes = refused.changes as { revision: number; status: string; messages: { body: string }[]; notes: { body: string }[]; worklogs: unknown[] };
      expect(changes.revision, path).toBe(seen.revision! + 2);
      expect(changes.status).toBe('in_progress');
      expect(changes.messages.map((m) => m.body)).toEqual(['Risposta del collega']);
      expect(changes.notes.map((n) => n.body)).toEqual(['nota del collega']);
      expect(changes.worklogs).toEqual([]);
      expect(refused.detail).toContain('1 message');
      expect(refused.detail).toContain('1 internal note');
      expect(refused.errors?.map((e) => e.path)).toEqual(['revision']);
    }
    expect(await tableSnapshot()).toEqual(before);
    // Reviewed: the same write on the current revision goes through.
    const current = await staffView(ticket.id);
    expect(current.revision).toBe(seen.revision! + 2);
    expect((await api('POST', `/tickets/${ticket.id}/worklogs`, { token: tech.token, body: { minutes: 15, kind: 'remote', note: 'lavoro', revision: current.revision } })).status).toBe(201);
  });

  it('the workflow’s moves count as changes too: a resolution recorded since makes a stale write a 409 saying so', async () => {
    const ticket = await openTicket(a.token, { subject: 'Risolto da un altro' });
    const seen = await staffView(ticket.id);
    expect((await api('POST', `/tickets/${ticket.id}/resolution`, { token: tech2.token, body: { rootCause: 'provider', summary: 'guasto nostro' } })).status).toBe(202);
    const refused = expectProblem(await api('POST', `/tickets/${ticket.id}/messages`, { token: tech.token, body: { body: 'tardi', revision: seen.revision } }), 409);
    expect((refused.changes as { status: string }).status).not.toBe('open');
    expect(refused.detail).toMatch(/changed since revision/);
  });

  it('without a revision the writes behave as before (the customers’ portal sends none)', async () => {
    const ticket = await openTicket(a.token, { subject: 'Senza revisione' });
    expect((await api('POST', `/tickets/${ticket.id}/notes`, { token: tech.token, body: { body: 'nota' } })).status).toBe(201);
    expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: a.token, body: { body: 'cliente' } })).status).toBe(201);
    expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: tech.token, body: { body: 'tecnico' } })).status).toBe(201);
  });

  it('a customer who sends a stale revision gets a 409 that names no internal note', async () => {
    const ticket = await openTicket(a.token, { subject: 'Cliente e revisione' });
    const secret = `segreto-${uniq('')}`;
    expect((await api('POST', `/tickets/${ticket.id}/notes`, { token: tech.token, body: { body: secret } })).status).toBe(201);
    const refused = expectProblem(await api('POST', `/tickets/${ticket.id}/messages`, { token: a.token, body: { body: 'ciao', revision: 1 } }), 409);
    expect(refused.changes).not.toHaveProperty('notes');
    expect(JSON.stringify(refused)).not.toContain(secret);
    expect(refused.detail).not.toContain('note');
  });

  it('a revision that is not a whole number ≥ 1 is a 400 naming it', async () => {
    const ticket = await openTicket(a.token, { subject: 'Revisione sbagliata' });
    for (const revision of [0, -1, 1.5, '3']) {
      const bad = expectProblem(await api('POST', `/tickets/${ticket.id}/messages`, { token: tech.token, body: { body: 'x', revision } }), 400);
      expect(bad.errors?.map((e) => e.path)).toContain('revision');
    }
  });
});

describe('account context', () => {
  it('staff see the ticket’s account: the same balance the customer sees, its rate and its open incidents', async () => {
    const ticket = await openTicket(a.token, { subject: 'Contesto' });
    const incident = await api('POST', '/incidents', { token: tech.token, body: { title: `Guasto ${uniq('')}`, customerIds: [a.customerId] } });
    expect(incident.status).toBe(201);
    const context = await api('GET', `/tickets/${ticket.number}/context`, { token: tech.token });
    expect(context.status).toBe(200);
    const balance = await api('GET', '/balance', { token: a.token });
    expect(context.body.balance).toEqual(balance.body);
    expect(context.body.customer.id).toBe(a.customerId);
    expect(context.body.customer.hourlyRateCents).toBe(balance.body.hourlyRateCents);
    expect(context.body.openIncidents.map((i) => i.id)).toContain(incident.body.id);
    expect((await api('POST', `/incidents/${incident.body.id}/close`, { token: tech.token })).status).toBe(200);
    const later = await api('GET', `/tickets/${ticket.id}/context`, { token: supervisor.token });
    expect(later.body.openIncidents.map((i) => i.id)).not.toContain(incident.body.id);
  });

  it('customers, finance and admin are refused (403); an unknown ticket is a 404', async () => {
    const ticket = await openTicket(b.token, { subject: 'Contesto vietato' });
    for (const token of [a.token, b.token, await login('finance'), await login('admin')]) expectProblem(await api('GET', `/tickets/${ticket.id}/context`, { token }), 403);
    expectProblem(await api('GET', '/tickets/t_0000000000000000000000ZZZZ/context', { token: tech.token }), 404);
  });
});

describe('resolution preview', () => {
  /** An account with 30 free minutes, so a billable hour draws the free bank dry and goes on to the consuntivo. */
  async function smallAccount() {
    const admin = as('admin');
    const customer = await admin.createCustomer({ body: { name: uniq('Anteprima '), billingEmail: `${uniq('preview')}@cliente.example`, locale: 'it', freeMinutes: 30 } });
    const username = uniq('prev');
    await admin.createUser({ body: { username, email: `${username}@cliente.example`, role: 'customer', customerId: customer.id, password: 'preview-pass-1' } });
    return { customerId: customer.id, email: customer.billingEmail, token: await login(username, 'preview-pass-1') };
  }

  it('writes nothing, and equals the classification, minutes and charges the workflow then records; the customer’s email names no note', async () => {
    const account = await smallAccount();
    const ticket = await withToken(account.token).createTicket({ body: { category: 'custom_configuration', subject: 'Anteprima', description: 'Configurare il router' } });
    const secret = `nota-anteprima-${uniq('')}`;
    expect((await api('POST', `/tickets/${ticket.id}/worklogs`, { token: tech.token, body: { minutes: 50, kind: 'remote', note: 'configurazione' } })).status).toBe(201);
    expect((await api('POST', `/tickets/${ticket.id}/notes`, { token: tech.token, body: { body: secret } })).status).toBe(201);
    const seen = await staffView(ticket.id);
    const before = await tableSnapshot();
    const preview = await api('POST', `/tickets/${ticket.id}/resolution/preview`, { token: tech.token, body: { rootCause: 'customer', summary: 'router del cliente', revision: seen.revision } });
    expect(preview.status).toBe(200);
    expect(await tableSnapshot()).toEqual(before);
    expect(preview.body).toMatchObject({ ticketId: ticket.id, revision: seen.revision, loggedMinutes: 50, billableMinutes: 60, classification: { kind: 'billable', reason: 'customer_cause' } });
    expect(preview.body.charges).toEqual([
      { bucket: 'free', minutes: 30 },
      { bucket: 'consuntivo', minutes: 30 },
    ]);
    expect(preview.body.consuntivoAmountCents).toBe(Math.round((30 * preview.body.hourlyRateCents) / 60));

    expect((await api('POST', `/tickets/${ticket.id}/resolution`, { token: tech.token, body: { rootCause: 'customer', summary: 'router del cliente', revision: seen.revision } })).status).toBe(202);
    const closed = await waitFor(`ticket ${ticket.number} to close`, async () => {
      const t = (await api('GET', `/tickets/${ticket.id}`, { token: account.token })).body;
      return t.status === 'closed' ? t : notYet(`status ${t.status}${t.attention ? `, attention ${t.attention.reason}` : ''}`);
    });
    expect(closed.classification).toEqual(preview.body.classification);
    expect(closed.billableMinutes).toBe(preview.body.billableMinutes);
    expect(closed.charges).toEqual(preview.body.charges);
    expect(JSON.stringify(closed)).not.toContain(secret);

    // The emails to the account (free hours used up, the billable ticket): sent, and without the note.
    const mails = await waitFor(`the emails to ${account.email}`, async () => {
      const got = await mailbox(account.email);
      return got.length >= 2 ? got : notYet(`${got.length} emails so far`);
    });
    for (const mail of mails) expect(`${mail.subject}${mail.body.html}${mail.body.text}`).not.toContain(secret);
    // The ledger (what the invoice export is made from) names no note either.
    const ledger = await api('GET', `/ledger?customerId=${account.customerId}`, { as: 'finance' });
    expect(ledger.status).toBe(200);
    expect(JSON.stringify(ledger.body)).not.toContain(secret);

    // Once resolved there is nothing to preview.
    expectProblem(await api('POST', `/tickets/${ticket.id}/resolution/preview`, { token: tech.token, body: { rootCause: 'customer', summary: 'ancora' } }), 409);
  });

  it('an included root cause previews zero billable minutes and no charges', async () => {
    const ticket = await openTicket(a.token, { subject: 'Guasto nostro' });
    expect((await api('POST', `/tickets/${ticket.id}/worklogs`, { token: tech.token, body: { minutes: 40, kind: 'remote', note: 'verifica' } })).status).toBe(201);
    const preview = await api('POST', `/tickets/${ticket.id}/resolution/preview`, { token: tech.token, body: { rootCause: 'provider', summary: 'nostro' } });
    expect(preview.body).toMatchObject({ loggedMinutes: 40, billableMinutes: 0, charges: [], classification: { kind: 'included', reason: 'provider_fault' } });
  });

  it('customers, finance and admin are refused (403) and nothing changes; a stale revision is a 409', async () => {
    const ticket = await openTicket(a.token, { subject: 'Anteprima vietata' });
    const before = await tableSnapshot();
    for (const token of [a.token, await login('finance'), await login('admin')]) {
      expectProblem(await api('POST', `/tickets/${ticket.id}/resolution/preview`, { token, body: { rootCause: 'customer', summary: 'x' } }), 403);
    }
    expect(await tableSnapshot()).toEqual(before);
    expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: tech.token, body: { body: 'presa in carico' } })).status).toBe(201);
    expectProblem(await api('POST', `/tickets/${ticket.id}/resolution/preview`, { token: tech.token, body: { rootCause: 'customer', summary: 'x', revision: 1 } }), 409);
  });
});
