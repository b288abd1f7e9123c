import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../integration/support';
import { apiUrl, expectAccessible, launch, newCustomer, open, signIn, ticketUntil, type Customer } from './support';

/**
 * The technician's day in the console (issue 12, items 3, 4 and 9), in Chromium on the test stack: from a
 * ticket's workspace (`#/console/tickets/<number>`; the queue step is the queue area's, prefixed when both
 * land) to a closed ticket — a reply, an internal note, time logged with the timer (which survives a
 * reload) and typed, a refused write when someone else changed the ticket (what was typed stays, what
 * changed is shown), the resolution's preview, and the outcome the workflow records equal to that preview.
 * The customer's view of the same ticket shows the reply and never the note. Keys j/k/r/n/w/x and the `?`
 * sheet; axe clean in light and dark.
 */
let browser: Browser;
let customer: Customer;

beforeAll(async () => {
  browser = await launch();
  // 30 free minutes: an hour of billable work draws them dry and goes on to the consuntivo.
  customer = await newCustomer({ name: 'Officine Brambilla Snc', locale: 'it', freeMinutes: 30 });
});

afterAll(async () => {
  await browser?.close();
});

async function openTicket(subject: string) {
  const opened = await api('POST', '/tickets', {
    token: customer.token,
    headers: { 'idempotency-key': crypto.randomUUID() },
    body: { category: 'custom_configuration', subject, description: 'Serve un tunnel IPsec verso la nuova sede.', consentToConsuntivo: true },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return opened.body;
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the technician works a ticket to its close', () => {
  it('replies, writes a note, logs time with the timer, sees a collision, previews the resolution and gets exactly that', async () => {
    const ticket = await openTicket('VPN per la sede di Bergamo');
    const next = await openTicket('Secondo ticket in coda');
    expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'Il router è già acceso.' } })).status).toBe(201);
    const secret = `Chiedere a Marco le chiavi PSK ${crypto.randomUUID().slice(0, 8)}`;

    const { page, errors } = await open(browser);
    await signIn(page, 'tech', 'demo-password-1');
    await page.getByRole('navigation', { name: 'Navigazione della console' }).waitFor();
    // The queue's saved order (the queue page writes it), for j/k.
    await page.evaluate((order) => sessionStorage.setItem('monteore.console.queueOrder', JSON.stringify(order)), [ticket.number, next.number]);
    await page.goto(`${apiUrl}/#/console/tickets/${ticket.number}`);
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    const context = page.getByTestId('context');
    await context.waitFor();
    expect(await context.textContent()).toContain('Officine Brambilla Snc');
    expect(await context.textContent()).toContain('30 min di 30 min');
    await expectAccessible(page, 'the ticket workspace (light)');

    // r: reply.
    await page.keyboard.press('r');
    expect(await focusedId(page)).toBe('reply');
    await page.keyboard.type('Buongiorno, preparo il tunnel oggi pomeriggio.');
    await page.getByRole('button', { name: 'Invia risposta' }).click();
    const thread = page.getByRole('region', { name: 'Conversazione e note' });
    await thread.getByText('Buongiorno, preparo il tunnel oggi pomeriggio.').waitFor();

    // n: an internal note, marked as such in the thread.
    await page.keyboard.press('n');
    expect(await focusedId(page)).toBe('note');
    await page.keyboard.type(secret);
    await page.getByRole('button', { name: 'Salva nota' }).click();
    const note = thread.locator('[data-kind=note]', { hasText: secret });
    await note.waitFor();
    expect(await note.textContent()).toContain('Nota interna');

    // The timer: started, still running after a reload, stopped into whole minutes.
    await page.getByRole('button', { name: 'Avvia timer' }).click();
    await page.getByText(/Timer in corso: \d+:\d\d/).waitFor();
    await page.reload();
    await page.getByText(/Timer in corso: \d+:\d\d/).waitFor();
    await page.getByRole('button', { name: 'Ferma timer' }).click();
    // Whole minutes, at least one (a loaded machine may take more than a minute to get here).
    const timed = Number(await page.getByLabel('Minuti', { exact: true }).inputValue());
    expect(Number.isInteger(timed) && timed >= 1).toBe(true);
    await page.getByText(`Timer fermato: ${timed} min riportati qui sotto.`).waitFor();
    await page.getByLabel('Cosa è stato fatto').fill('Verifica del router remoto');
    await page.getByRole('button', { name: 'Registra tempo' }).click();
    const times = page.getByRole('region', { name: 'Tempo registrato' });
    await times.getByText('Verifica del router remoto').waitFor();

    // w: typed minutes; meanwhile a colleague writes to the customer, so the first try is refused.
    await page.keyboard.press('w');
    expect(await focusedId(page)).toBe('minutes');
    await page.keyboard.type('50');
    await page.getByLabel('Cosa è stato fatto').fill('Tunnel configurato e provato');
    // The page's live poll is held (it fails, and the page keeps what it shows) until the worklog is sent, so
    // the colleague's message cannot reach the screen first: the write is made on the revision shown.
    let sent = false;
    page.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith(`/tickets/${ticket.id}/worklogs`) && (sent = true)));
    const ticketPath = `**/tickets/${ticket.number}`;
    await page.route(ticketPath, (route) => (route.request().method() === 'GET' && !sent ? route.abort() : route.continue()));
    const seen = (await api('GET', `/tickets/${ticket.id}`, { as: 'tech' })).body;
    expect((await api('POST', `/tickets/${ticket.id}/messages`, { as: 'supervisor', body: { body: 'Serve anche il DNS interno.', revision: seen.revision } })).status).toBe(201);
    await page.getByRole('button', { name: 'Registra tempo' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Il ticket è cambiato mentre lavoravi' });
    await refused.waitFor();
    await page.unroute(ticketPath);
    expect(await refused.textContent()).toContain('1 nuovo messaggio');
    // What changed is in the thread, marked new; what was typed is still there.
    await thread.locator('.ws-fresh', { hasText: 'Serve anche il DNS interno.' }).waitFor();
    expect(await page.getByLabel('Minuti', { exact: true }).inputValue()).toBe('50');
    expect(await page.getByLabel('Cosa è stato fatto').inputValue()).toBe('Tunnel configurato e provato');
    expect(await times.textContent()).not.toContain('Tunnel configurato e provato');
    await expectAccessible(page, 'the workspace with a collision');
    // Reviewed: sending again goes through on the new revision.
    await page.getByRole('button', { name: 'Registra tempo' }).click();
    await times.getByText('Tunnel configurato e provato').waitFor();
    await thread.getByText('Serve anche il DNS interno.').waitFor();

    // x: the resolution, previewed first.
    await page.keyboard.press('x');
    expect(await focusedId(page)).toBe('rootCause');
    await page.getByLabel('Del cliente (apparati, rete, software)').check();
    await page.getByLabel('Sintesi per il cliente').fill('Tunnel configurato su richiesta del cliente.');
    expect(await page.getByRole('button', { name: 'Conferma risoluzione' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Anteprima' }).click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    const previewText = await preview.innerText();
    expect(await page.getByTestId('preview-billable').textContent()).toBe('1 h');
    const charges = await page.getByTestId('preview-charges').locator('li').allTextContents();
    expect(charges[0]).toBe('Monte ore gratuito: 30 min');
    expect(charges[1]).toMatch(/^A consuntivo: 30 min · € \d+,\d\d in fattura$/);
    expect(charges).toHaveLength(2);
    await expectAccessible(page, 'the workspace with the resolution preview');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'the workspace with the resolution preview (dark)');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Conferma risoluzione' }).click();
    // The workflow closes the ticket; the page is live, so the outcome shows without a reload.
    const outcome = page.getByTestId('outcome');
    await outcome.waitFor({ timeout: 120_000 });
    expect(await outcome.innerText()).toBe(previewText);
    const closed = await ticketUntil(customer.token, ticket.id, (t) => t.status === 'closed', 'closed');
    expect(closed.charges).toEqual([
      { bucket: 'free', minutes: 30 },
      { bucket: 'consuntivo', minutes: 30 },
    ]);
    expect(closed.billableMinutes).toBe(60);
    await expectAccessible(page, 'the closed ticket in the workspace');

    // The cheat sheet lists the workspace's keys; j moves to the next ticket of the saved queue.
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Scorciatoie da tastiera' });
    await sheet.waitFor();
    for (const label of ['Ticket successivo della coda', 'Ticket precedente della coda', 'Scrivi una risposta', 'Scrivi una nota interna', 'Registra tempo', 'Vai alla risoluzione']) {
      expect(await sheet.textContent()).toContain(label);
    }
    // `?` again hides it (Escape does too, but its close event lands a moment after the dialog hides).
    await page.keyboard.press('?');
    await sheet.waitFor({ state: 'hidden' });
    await page.keyboard.press('j');
    await page.getByRole('heading', { name: `Ticket ${next.number}`, level: 1 }).waitFor();
    await page.getByRole('heading', { name: next.subject, level: 2 }).waitFor();
    await page.keyboard.press('k');
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    // The refused write (409) and the held polls are the only failures the console logged.
    expect(errors.filter((e) => !/status of 409|ERR_FAILED/.test(e))).toEqual([]);

    // The customer's page of the same ticket: the reply and the charges, never the note.
    const viewer = await open(browser);
    await signIn(viewer.page, customer.username, customer.password);
    await viewer.page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    await viewer.page.goto(`${apiUrl}/#/tickets/${ticket.number}`);
    await viewer.page.getByText('Buongiorno, preparo il tunnel oggi pomeriggio.').waitFor();
    await viewer.page.getByText('Serve anche il DNS interno.').waitFor();
    expect(await viewer.page.locator('body').innerText()).not.toContain(secret);
    expect(JSON.stringify((await api('GET', `/tickets/${ticket.id}`, { token: customer.token })).body)).not.toContain(secret);
    await viewer.context.close();
  });

  it('reads in English, in dark mode and on a phone, and stays accessible', async () => {
    const ticket = await openTicket('Second office VPN');
    const { page, context } = await open(browser, { width: 390, colorScheme: 'dark', locale: 'en-GB' });
    await page.goto(`${apiUrl}/`);
    await page.evaluate(() => localStorage.setItem('monteore.lang', 'en'));
    await signIn(page, 'tech', 'demo-password-1', { username: 'Username', password: 'Password', submit: 'Sign in' });
    await page.getByRole('navigation', { name: 'Console navigation' }).waitFor();
    await page.goto(`${apiUrl}/#/console/tickets/${ticket.number}`);
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    await page.getByTestId('context').waitFor();
    expect(await page.getByRole('region', { name: 'Conversation and notes' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Preview' }).click();
    // Nothing chosen: the summary names both fields, in English.
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Root cause: Choose the root cause', 'Summary for the customer: Write the summary (at most 4,000 characters)']);
    await expectAccessible(page, 'the workspace in English, dark, 390 px, with errors');
    await context.close();
  });
});
