import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '#contracts/responses';
import { api, login } from '../integration/support';
import { apiUrl, expectAccessible, launch, newCustomer, open, signIn, type Customer } from './support';

/**
 * The technicians' queue and the SLA settings in Chromium, against the real local stack (issue 12 items
 * 1, 2, 9): a technician narrows the queue to one account and one SLA state with the filters, the address
 * carries them (a link to share), a saved view brings them back after clearing, `j`/`k` move the
 * selection and `Enter` opens the selected ticket's workspace address; finance sees a refused target
 * named beside its field; the customer's ticket page shows the handling times against the target; and
 * the queue and the SLA page pass axe (WCAG 2.2 AA) in Italian and English, light and dark.
 */
let browser: Browser;
let alfa: Customer;
let beta: Customer;
const opened: Ticket[] = [];

const hashOf = (page: Page) => page.evaluate(() => location.hash);

async function asStaff(user: string, options: { lang?: 'it' | 'en'; colorScheme?: 'light' | 'dark'; width?: number } = {}) {
  const viewer = await open(browser, { ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}), ...(options.width ? { width: options.width } : {}) });
  if (options.lang === 'en') await viewer.context.addInitScript(() => localStorage.setItem('monteore.lang', 'en'));
  await signIn(viewer.page, user, 'demo-password-1', options.lang === 'en' ? { username: 'Username', password: 'Password', submit: 'Sign in' } : undefined);
  await viewer.page.getByRole('navigation', { name: options.lang === 'en' ? 'Console navigation' : 'Navigazione della console' }).waitFor();
  return viewer;
}

beforeAll(async () => {
  browser = await launch();
  [alfa, beta] = await Promise.all([newCustomer({ name: 'Coda Web Alfa', locale: 'it' }), newCustomer({ name: 'Coda Web Beta', locale: 'en' })]);
  for (const [c, subject] of [
    [alfa, 'La fibra cade ogni sera'],
    [alfa, 'Router guasto in sede'],
    [alfa, 'Wi-Fi lento in magazzino'],
    [beta, 'Line down at the Turin office'],
  ] as const) {
    const res = await api('POST', '/tickets', { token: c.token, body: { category: 'service_fault', subject, description: 'Dettagli nel ticket.' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    opened.push(res.body);
  }
  // One of Alfa's is answered: it races its resolution and is `in_progress`.
  const tech = await login('tech');
  expect((await api('POST', `/tickets/${opened[2]!.id}/messages`, { token: tech, body: { body: 'Ci guardiamo.' } })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

describe('the queue (technician, Italian)', () => {
  it('filters live in the address, a saved view restores them, j/k select and Enter opens the workspace', async () => {
    const { page, context, errors } = await asStaff('tech');
    await page.goto(`${apiUrl}/#/console/queue`);
    const account = page.getByLabel('Cliente', { exact: true });
    // The account filter lists the account with its count of tickets in the queue.
    await expect.poll(() => account.locator('option').allTextContents()).toContain(`Coda Web Alfa (3)`);
    await account.selectOption({ label: 'Coda Web Alfa (3)' });
    await expect.poll(() => hashOf(page)).toBe(`#/console/queue?customerId=${alfa.customerId}`);
    await page.getByLabel('Stato', { exact: true }).selectOption('open');
    await expect.poll(() => hashOf(page)).toBe(`#/console/queue?status=open&customerId=${alfa.customerId}`);
    const rows = page.locator('table.queue-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByLabel('Stato', { exact: true }).locator('option:checked').textContent()).toBe('Aperto (2)');
    expect(await rows.locator('th').allTextContents()).toEqual([opened[0]!.number, opened[1]!.number]);
    await expect.poll(() => rows.first().locator('.badge').textContent()).toContain('In tempo');

    // Saved view: named, cleared, restored from the list.
    await page.getByLabel('Nome della vista').fill('Alfa aperti');
    await page.getByRole('button', { name: 'Salva la vista' }).click();
    await page.getByRole('link', { name: 'Azzera i filtri' }).click();
    await expect.poll(() => hashOf(page)).toBe('#/console/queue');
    await page.getByRole('link', { name: 'Alfa aperti', exact: true }).click();
    await expect.poll(() => hashOf(page)).toBe(`#/console/queue?status=open&customerId=${alfa.customerId}`);
    await expect.poll(() => page.getByLabel('Cliente', { exact: true }).inputValue()).toBe(alfa.customerId);
    await expect.poll(() => rows.count()).toBe(2);

    // A reload of the address alone reproduces the filters, and the view is still listed (localStorage).
    await page.reload();
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => page.getByLabel('Stato', { exact: true }).inputValue()).toBe('open');
    await expect.poll(() => page.getByRole('link', { name: 'Alfa aperti', exact: true }).count()).toBe(1);

    // Keyboard: j, j, k selects the rows in turn; Enter opens the selected one's workspace.
    await page.locator('h1').focus();
    await page.keyboard.press('j');
    await expect.poll(() => rows.nth(0).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('j');
    await expect.poll(() => rows.nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    await expect.poll(() => rows.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await rows.nth(0).getAttribute('aria-current')).toBeNull();
    // `/` goes to the filters.
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('queue-sla');
    await page.locator('h1').focus();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(() => hashOf(page)).toBe(`#/console/tickets/${opened[1]!.number}`);
    // The visible order is saved for the workspace's next/previous.
    expect(await page.evaluate(() => sessionStorage.getItem('monteore.console.queueOrder'))).toBe(JSON.stringify([opened[0]!.number, opened[1]!.number]));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a customer who opens the queue address gets the not-found page, and the API refuses them', async () => {
    const { page, context } = await open(browser);
    await signIn(page, alfa.username, alfa.password);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto(`${apiUrl}/#/console/queue`);
    await expect.poll(() => page.locator('table.queue-table').count()).toBe(0);
    expect((await api('GET', '/queue', { token: alfa.token })).status).toBe(403);
    await context.close();
  });
});

describe('SLA settings (finance)', () => {
  it('a resolution shorter than the first response is refused, named beside its field; nothing is saved', async () => {
    const before = (await api('GET', '/finance/sla', { as: 'finance' })).body;
    const { page, context } = await asStaff('finance');
    await page.goto(`${apiUrl}/#/console/sla`);
    const resolution = page.getByLabel('Cambi di configurazione — Risoluzione (minuti)');
    await resolution.fill('10');
    await page.getByRole('button', { name: 'Salva gli obiettivi' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Deve essere almeno pari alla prima risposta');
    expect(await resolution.getAttribute('aria-invalid')).toBe('true');
    expect((await api('GET', '/finance/sla', { as: 'finance' })).body).toEqual(before);
    await expectAccessible(page, 'the SLA page with an error (it, light)');
    await context.close();
  });
});

describe("the customer's ticket page", () => {
  it('shows the handling times against the target', async () => {
    const { page, context } = await open(browser);
    await signIn(page, alfa.username, alfa.password);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto(`${apiUrl}/#/tickets/${opened[2]!.number}`);
    const times = page.getByRole('region', { name: 'Tempi', exact: true });
    await expect.poll(() => times.textContent()).toContain('Tempi di gestione');
    const text = (await times.textContent())!;
    expect(text).toMatch(/Prima risposta.*su un obiettivo di 1 h \(nei tempi\)/);
    expect(text).toMatch(/Risoluzione.*su un obiettivo di 8 h \(in corso\)/);
    await context.close();
  });
});

describe('accessibility', () => {
  for (const lang of ['it', 'en'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`the queue and the SLA page pass axe (${lang}, ${colorScheme})`, async () => {
        const tech = await asStaff('tech', { lang, colorScheme });
        await tech.page.goto(`${apiUrl}/#/console/queue?customerId=${alfa.customerId}`);
        await tech.page.locator('table.queue-table tbody tr').first().waitFor();
        await expectAccessible(tech.page, `the queue (${lang}, ${colorScheme})`);
        await tech.context.close();
        const fin = await asStaff('finance', { lang, colorScheme });
        await fin.page.goto(`${apiUrl}/#/console/sla`);
        await fin.page.locator('table.sla-table').waitFor();
        await expectAccessible(fin.page, `the SLA page (${lang}, ${colorScheme})`);
        await fin.context.close();
      });
    }
  }
});
