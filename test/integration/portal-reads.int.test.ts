/**
 * Proves what the portal's read pages need from the API, end to end on the emulators:
 * - `GET /me` lists the network incidents covering the caller's account now (`openIncidents`: id, title,
 *   start), never one that covers only another account, and drops it once it is closed;
 * - `GET /ledger` names each ticket's movements by the ticket's number, so the hours page links them;
 * - the email of a ticket closed as billable, as the SES emulator captured it: an HTML part with the
 *   balance at a glance and a link to that ticket's page of the portal, and the plain-text part kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, mailbox, uniq } from './support';
import { newStaff, openTicket, type CustomerUser } from './ticket-fixtures';

let tech: { token: string };

/** A customer account with its own billing address (to find its mail) and a customer user. */
async function customer(name: string, locale: 'it' | 'en' = 'it', freeMinutes?: number): Promise<CustomerUser & { billingEmail: string }> {
  const billingEmail = `${uniq('bill')}@cliente.example`;
  const created = await api('POST', '/admin/customers', { as: 'admin', body: { name: `${name} ${uniq('')}`, billingEmail, locale, ...(freeMinutes !== undefined ? { freeMinutes } : {}) } });
  expect(created.status).toBe(201);
  const username = uniq('rd');
  const password = 'portal-reads-pw-1';
  expect((await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@cliente.example`, role: 'customer', customerId: created.body.id, password } })).status).toBe(201);
  return { customerId: created.body.id, username, token: await login(username, password), billingEmail };
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms; last seen: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

/** A billable ticket worked `minutes` remotely, resolved, and closed by the workflow. */
async function closedBillable(c: CustomerUser, minutes: number, subject = 'Nuova regola sul firewall') {
  const id = (await openTicket(c.token, { category: 'configuration_change', subject })).id as string;
  expect((await api('POST', `/tickets/${id}/worklogs`, { token: tech.token, body: { minutes, kind: 'remote', note: 'fatto' } })).status).toBe(201);
  expect((await api('POST', `/tickets/${id}/resolution`, { token: tech.token, body: { rootCause: 'none', summary: 'ok' } })).status).toBe(202);
  return until(
    async () => (await api('GET', `/tickets/${id}`, { token: c.token })).body,
    (t) => t.status === 'closed',
    `ticket ${id} closing`,
  );
}

beforeAll(async () => {
  tech = await newStaff('technician');
});

describe('GET /me: open incidents', () => {
  it('lists the incident covering the own account, never one of another account, and drops it once closed', async () => {
    const [a, b] = await Promise.all([customer('Coperto'), customer('Non coperto')]);
    const declared = await api('POST', '/incidents', { token: tech.token, body: { title: 'Fibra interrotta a Bologna', customerIds: [a.customerId] } });
    expect(declared.status).toBe(201);

    const mine = await api('GET', '/me', { token: a.token });
    expect(mine.status).toBe(200);
    expect(mine.body.customer?.openIncidents).toEqual([{ id: declared.body.id, title: 'Fibra interrotta a Bologna', startedAt: declared.body.startedAt }]);
    // Nothing of the incident's other fields (who declared it, which accounts it covers).
    expect(JSON.stringify(mine.body)).not.toContain('customerIds');

    const theirs = await api('GET', '/me', { token: b.token });
    expect(theirs.body.customer?.openIncidents).toEqual([]);
    expect(JSON.stringify(theirs.body)).not.toContain('Bologna');
    expect(JSON.stringify(theirs.body)).not.toContain(declared.body.id);

    expect((await api('POST', `/incidents/${declared.body.id}/close`, { token: tech.token })).status).toBe(200);
    expect((await api('GET', '/me', { token: a.token })).body.customer?.openIncidents).toEqual([]);
  });

  it('an incident naming both accounts shows to each, without the other account', async () => {
    const [a, b] = await Promise.all([customer('Primo'), customer('Secondo')]);
    const declared = await api('POST', '/incidents', { token: tech.token, body: { title: 'Manutenzione straordinaria', customerIds: [a.customerId, b.customerId] } });
    expect(declared.status).toBe(201);
    for (const c of [a, b]) {
      const me = await api('GET', '/me', { token: c.token });
      expect(me.body.customer?.openIncidents.map((i) => i.title)).toEqual(['Manutenzione straordinaria']);
      const other = c === a ? b : a;
      expect(JSON.stringify(me.body)).not.toContain(other.customerId);
    }
    expect((await api('POST', `/incidents/${declared.body.id}/close`, { token: tech.token })).status).toBe(200);
  });

  it('staff have no account, so no incidents either', async () => {
    const me = await api('GET', '/me', { token: tech.token });
    expect(me.status).toBe(200);
    expect(me.body.customer).toBeUndefined();
  });
});

describe('GET /ledger: movements name their ticket', () => {
  it("a ticket's consumption carries the ticket's number; another account cannot read it", async () => {
    const [a, b] = await Promise.all([customer('Registro'), customer('Curioso')]);
    const ticket = await closedBillable(a, 30);
    const ledger = await api('GET', '/ledger', { token: a.token });
    expect(ledger.status).toBe(200);
    const consume = ledger.body.items.find((e) => e.reason === 'consume');
    expect(consume).toMatchObject({ ticketId: ticket.id, ticketNumber: ticket.number, bucket: 'free', minutes: -30 });
    const grant = ledger.body.items.find((e) => e.reason === 'grant');
    expect(grant).toBeDefined();
    expect(grant).not.toHaveProperty('ticketNumber');

    const theirs = await api('GET', `/ledger?customerId=${a.customerId}`, { token: b.token });
    expect(theirs.status).toBe(400);
    expect(JSON.stringify(theirs.body)).not.toContain(ticket.number);
    expect(JSON.stringify((await api('GET', '/ledger', { token: b.token })).body)).not.toContain(ticket.number);
  });
});

describe('the billable-ticket email', () => {
  for (const locale of ['it', 'en'] as const) {
    it(`has an HTML part with the balance and a link to the ticket's page, and its text part (${locale})`, async () => {
      const c = await customer(locale === 'it' ? 'Posta' : 'Mail', locale, 120);
      const ticket = await closedBillable(c, 45, 'Porta <8443> & "NAT"');
      const mails = await until(
        () => mailbox(c.billingEmail),
        (m) => m.some((e) => e.subject.includes(ticket.number)),
        `the email of ${ticket.number}`,
      );
      const mail = mails.find((e) => e.subject.includes(ticket.number))!;
      const html = mail.body.html!;
      const text = mail.body.text!;
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toContain(`lang="${locale}"`);
      expect(html).toContain(`/#/tickets/${ticket.number}"`);
      expect(html).toContain('/#/hours"');
      // The subject is escaped in the HTML, as sent in the text.
      expect(html).toContain('Porta &lt;8443&gt; &amp; &quot;NAT&quot;');
      expect(html).not.toContain('<8443>');
      expect(text).toContain('Porta <8443> & "NAT"');
      expect(text).toContain(`/#/tickets/${ticket.number}`);
      // The balance at a glance: 120 free minutes, 45 drawn → 1 h 15 min left.
      expect(html).toContain('1 h 15 min');
      expect(text).toContain('1 h 15 min');
      expect(html).toContain(locale === 'it' ? 'Monte ore gratuito' : 'Free hours');
    });
  }
});
