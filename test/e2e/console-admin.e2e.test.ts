import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniq } from '../integration/support';
import { apiUrl, expectAccessible, launch, open, signIn, type Viewer } from './support';

/**
 * The admin's day in Chromium (issue 12 item 8), against the real local stack:
 * - the admin creates a customer in the console (the empty form names each field first), sees its balance
 *   at a glance, grants free hours with a note (the note shows in the movements), renames it;
 * - creates a customer user for it with a temporary password;
 * - that user signs in in a second browser context, must choose a new password, and reaches their home;
 * - the admin disables the user (after a confirmation); the user's open page, which polls, ends the
 *   session and shows the sign-in page saying so — without the user doing anything;
 * - every console page here passes axe (WCAG 2.2 AA), light and dark.
 * Every wait is for a condition, with the context's generous deadline.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1, exact: true }).waitFor();

describe('the admin journey', () => {
  let admin: Viewer;
  let user: Viewer;
  const name = uniq('Ferramenta Rossi ');
  const username = uniq('rossi');
  let customerId: string;
  let temporaryPassword: string;

  afterAll(async () => {
    await admin?.context.close();
    await user?.context.close();
  });

  it('creates a customer: errors per field first, then its page with the balance at a glance', async () => {
    admin = await open(browser);
    const { page } = admin;
    await signIn(page, 'admin', 'demo-password-1');
    await page.getByRole('navigation', { name: 'Navigazione della console' }).getByRole('link', { name: 'Clienti' }).click();
    await heading(page, 'Clienti');
    await expectAccessible(page, 'the customers list (light)');
    await page.getByRole('link', { name: 'Nuovo cliente' }).click();
    await heading(page, 'Nuovo cliente');

    await page.getByLabel('Tariffa oraria (euro)').fill('sessanta');
    await page.getByRole('button', { name: 'Crea', exact: true }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Ragione sociale: Scrivi il nome, su una riga, al massimo 200 caratteri',
      'Email di fatturazione: Scrivi un indirizzo email valido, come conti@azienda.it',
      'Tariffa oraria (euro): Scrivi un importo in euro, come 60 o 72,50',
    ]);
    await expectAccessible(page, 'the new customer form with errors');

    await page.getByLabel('Ragione sociale').fill(name);
    await page.getByLabel('Email di fatturazione').fill('conti@ferramenta.example');
    await page.getByLabel('Inglese').check();
    await page.getByLabel('Tariffa oraria (euro)').fill('72,50');
    await page.getByLabel('Monte ore gratuito iniziale (ore)').fill('2');
    await page.getByRole('button', { name: 'Crea', exact: true }).click();
    await heading(page, name);
    customerId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    const glance = page.getByRole('region', { name: 'Saldo in breve' });
    await expect.poll(() => glance.textContent()).toContain('2 h / 2 h');
    expect(await glance.textContent()).toContain('€ 72,50');
    // What the server holds is what was typed.
    const stored = await api('GET', `/admin/customers/${customerId}`, { as: 'admin' });
    expect(stored.body).toMatchObject({ name, billingEmail: 'conti@ferramenta.example', locale: 'en', hourlyRateCents: 7250, freeMinutesGranted: 120 });
  });

  it('grants free hours with a note, shown in the movements; renames the customer', async () => {
    const { page } = admin;
    const grant = page.getByRole('region', { name: 'Regala ore gratuite' });
    await grant.getByLabel('Minuti da regalare').fill('45');
    await grant.getByLabel('Nota').fill('Scuse per il disservizio di novembre');
    await grant.getByRole('button', { name: 'Regala le ore' }).click();
    await expect.poll(() => grant.getByRole('status').textContent()).toBe('Aggiunte 45 min al monte ore gratuito.');
    const movements = page.getByRole('table', { name: 'Ultimi movimenti del conto' });
    await expect.poll(() => movements.textContent()).toContain('Scuse per il disservizio di novembre');
    await expect.poll(() => page.getByRole('region', { name: 'Saldo in breve' }).textContent()).toContain('2 h 45 min / 2 h 45 min');
    await expectAccessible(page, 'a customer’s page (light)');

    const details = page.getByRole('region', { name: 'Dati del cliente' });
    await details.getByLabel('Ragione sociale').fill(`${name} e Figli`);
    await details.getByRole('button', { name: 'Salva le modifiche' }).click();
    await heading(page, `${name} e Figli`);
    const listed = await api('GET', `/admin/customers?q=${encodeURIComponent(`${name} e Figli`)}`, { as: 'admin' });
    expect(listed.body.items?.map((c) => c.id)).toEqual([customerId]);
  });

  it('creates a customer user with a temporary password', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Nuovo utente per questo cliente' }).click();
    await heading(page, 'Nuovo utente');
    expect(await page.getByLabel('Ruolo').inputValue()).toBe('customer');
    expect(await page.getByLabel('Cliente', { exact: true }).inputValue()).toBe(customerId);
    await page.getByLabel('Nome utente').fill(username);
    await page.getByLabel('Email', { exact: true }).fill(`${username}@ferramenta.example`);
    temporaryPassword = await page.getByLabel('Password temporanea').inputValue();
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    await page.getByRole('button', { name: 'Crea', exact: true }).click();
    const done = page.locator('.banner-ok');
    await expect.poll(() => done.textContent()).toContain(`Utente ${username} creato.`);
    expect(await done.textContent()).toContain(temporaryPassword);
    await expectAccessible(page, 'the new user form after creating one');
  });

  it('the new user must choose a password at the first sign-in, then reaches their home', async () => {
    user = await open(browser);
    const { page } = user;
    await signIn(page, username, temporaryPassword);
    await heading(page, 'Scegli una nuova password');
    await page.getByLabel('Nuova password', { exact: true }).fill('la-mia-password-2026');
    await page.getByLabel('Ripeti la nuova password').fill('la-mia-password-2026');
    await page.getByRole('button', { name: 'Salva e accedi' }).click();
    // Home, in the account's language the admin chose (English), with the account's new name.
    await heading(page, 'Overview');
    await expect.poll(() => page.locator('header').textContent()).toContain(`${name} e Figli`);
    // A page that polls stays open while the admin acts.
    await page.getByRole('navigation').getByRole('link', { name: 'Tickets', exact: true }).click();
    await heading(page, 'Your tickets');
  });

  it('the admin disables the user after a confirmation; the user’s open session ends by itself', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Navigazione della console' }).getByRole('link', { name: 'Utenti' }).click();
    await heading(page, 'Utenti');
    await page.getByLabel('Cerca per nome utente').fill(username);
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: username });
    // The search is in the address; the list shows only that user once the search's answer is in.
    await expect.poll(() => page.url()).toContain(`?q=${username}`);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await expect.poll(() => row.getByText('Attivo', { exact: true }).count()).toBe(1);
    await row.getByRole('button', { name: `Disattiva ${username}` }).click();
    // Nothing happens before the confirmation.
    const confirm = row.getByRole('group');
    expect(await confirm.textContent()).toContain(`Disattivare ${username}?`);
    // The keyboard is on the answer, not lost with the button that asked.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Sì, disattiva');
    await expectAccessible(page, 'the users list asking to confirm');
    await confirm.getByRole('button', { name: 'Sì, disattiva' }).click();
    await expect.poll(() => row.getByText('Disattivato', { exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: `${username} è disattivato.` }).count()).toBe(1);
    expect((await api('GET', `/admin/users?q=${username}`, { as: 'admin' })).body.items?.map((u) => u.enabled)).toEqual([false]);

    // The user's tab polls its tickets: the next poll is refused, the refresh token is revoked, so the
    // portal signs out and the sign-in page says the session ended.
    await heading(user.page, 'Sign in to the customer area');
    await expect.poll(() => user.page.getByText('Your session has expired: sign in again to continue.').count()).toBe(1);
    // And the user cannot sign in again (a fresh load: the sign-in page is in Italian until someone signs in).
    await signIn(user.page, username, 'la-mia-password-2026');
    await user.page.locator('.error-summary').waitFor();
    expect(user.errors).toEqual([]);
    expect(admin.errors).toEqual([]);
  });

  it('the admin pages pass axe in dark mode and in English at phone width', async () => {
    const dark = await open(browser, { colorScheme: 'dark', width: 390, locale: 'en-GB' });
    try {
      const { page } = dark;
      await page.addInitScript(() => localStorage.setItem('monteore.lang', 'en'));
      await signIn(page, 'admin', 'demo-password-1', { username: 'Username', password: 'Password', submit: 'Sign in' });
      await page.getByRole('navigation', { name: 'Console navigation' }).waitFor();
      await page.goto(`${apiUrl}/#/console/users?q=${username}`);
      await heading(page, 'Users');
      await expect.poll(() => page.getByRole('row').filter({ hasText: username }).count()).toBe(1);
      await expectAccessible(page, 'the users list (dark, English, 390 px)');
      await page.goto(`${apiUrl}/#/console/customers/${customerId}`);
      await heading(page, `${name} e Figli`);
      await expectAccessible(page, 'a customer’s page (dark, English, 390 px)');
      await page.goto(`${apiUrl}/#/console/customers/new`);
      await heading(page, 'New customer');
      await expectAccessible(page, 'the new customer form (dark, English, 390 px)');
      expect(dark.errors).toEqual([]);
    } finally {
      await dark.context.close();
    }
  });
});
