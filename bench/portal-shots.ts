/**
 * Screenshots of every portal page, to look at what a customer sees: Italian and English, 390 px (a phone)
 * and 1280 px wide, light and dark. Starts its own local stack (free ports, in memory, demo users), gives
 * the demo customer `alfa` a worked and closed billable ticket and an open one, then drives Debian's
 * Chromium through the pages. Writes `<out>/portal-<page>-<lang>-<width>[-dark].png`.
 *
 * Run: `npm run shots:portal [-- --out /some/folder]` (default `bench/out/shots`). Not part of `npm test`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort } from '../infra/local/emulators';
import { DEMO_PASSWORD } from '../infra/local/seed';
import { startLocalStack } from '../infra/local/stack';
import { caller, cognitoLogin } from '../test/support/session';

const { values } = parseArgs({ options: { out: { type: 'string', default: resolve(import.meta.dirname, 'out/shots') } } });
const out = resolve(values.out!);
mkdirSync(out, { recursive: true });

const dataDir = mkdtempSync(join(tmpdir(), 'monteore-shots-'));
const stack = await startLocalStack({ port: await freePort(), dataDir, persist: false, seed: true });
try {
  const cognito = { endpoint: stack.emulators.endpoints.cognito, clientId: stack.resources.userPoolClientId };
  const token = async (username: string) => (await cognitoLogin(cognito, username, DEMO_PASSWORD)).accessToken;
  // Typed by the operation each method and path reach, every success body checked against contracts/.
  const call = caller(stack.url);
  const [alfa, tech, admin] = await Promise.all([token('alfa'), token('tech'), token('admin')]);
  // An account with no prepaid hours left, for the consent to consuntivo on the new-ticket page.
  const empty = await call('POST', '/admin/customers', admin, { name: 'Studio Verdi Associati', billingEmail: 'conti@verdi.example', locale: 'it', freeMinutes: 0 });
  await call('POST', '/admin/users', admin, { username: 'verdi', email: 'verdi@verdi.example', role: 'customer', customerId: empty.id, password: DEMO_PASSWORD });
  const billable = await call('POST', '/tickets', alfa, { category: 'configuration_change', subject: 'Nuova regola sul firewall', description: 'Aprire la porta 8443 verso il server interno per il gestionale.' });
  await call('POST', `/tickets/${billable.id}/messages`, tech, { body: 'Presa in carico: procedo con la modifica in giornata.' });
  await call('POST', `/tickets/${billable.id}/worklogs`, tech, { minutes: 95, kind: 'remote', note: 'Regola aggiunta e verificata con il cliente' });
  await call('POST', `/tickets/${billable.id}/resolution`, tech, { rootCause: 'none', summary: 'Regola configurata' });
  const open = await call('POST', '/tickets', alfa, { category: 'service_fault', subject: 'La connessione cade ogni sera', description: 'Dalle 21 la fibra perde la portante per qualche minuto.' });
  // A network incident on alfa's account, so home shows its banner.
  await call('POST', '/incidents', tech, { title: 'Fibra interrotta in zona industriale', customerIds: ['c_ALFA'] });
  const deadline = Date.now() + 60_000;
  while ((await call('GET', `/tickets/${billable.id}`, alfa)).status !== 'closed') {
    if (Date.now() > deadline) throw new Error(`ticket ${billable.number} is not closed after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const pages = [
    { name: 'home', hash: '/', ready: { it: 'Le tue ore', en: 'Your hours' } },
    { name: 'tickets', hash: '/tickets', ready: { it: 'I tuoi ticket', en: 'Your tickets' } },
    { name: 'ticket', hash: `/tickets/${billable.number}`, ready: { it: 'Classificazione', en: 'Classification' } },
    { name: 'ticket-open', hash: `/tickets/${open.number}`, ready: { it: 'Classificazione', en: 'Classification' } },
    { name: 'not-found', hash: '/tickets/T-2026-999999', ready: { it: 'Ticket non trovato', en: 'Ticket not found' } },
    { name: 'hours', hash: '/hours', ready: { it: 'Minuti scalati per mese', en: 'Minutes drawn per month' } },
    { name: 'included', hash: '/included', ready: { it: 'Supporto di base incluso', en: 'Basic support, included' } },
    { name: 'faq', hash: '/faq', ready: { it: 'Domande frequenti', en: 'Frequently asked questions' }, open: true },
  ];
  let count = 0;
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [390, 1280]) {
      if (colorScheme === 'dark' && width === 390) continue;
      for (const lang of ['it', 'en'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme, timezoneId: 'Europe/Rome', deviceScaleFactor: 1 });
        const page = await context.newPage();
        const suffix = `${lang}-${width}${colorScheme === 'dark' ? '-dark' : ''}`;
        await page.goto(`${stack.url}/`);
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        await page.getByLabel(lang === 'it' ? 'Nome utente' : 'Username').fill('alfa');
        await page.getByLabel('Password', { exact: true }).fill('wrong-password');
        await page.getByRole('button', { name: lang === 'it' ? 'Accedi' : 'Sign in', exact: true }).click();
        await page.getByRole('alert').waitFor();
        await page.screenshot({ path: join(out, `portal-login-error-${suffix}.png`), fullPage: true });
        count++;
        await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: lang === 'it' ? 'Accedi' : 'Sign in', exact: true }).click();
        for (const p of pages) {
          await page.goto(`${stack.url}/#${p.hash}`);
          await page.getByRole('heading', { name: p.ready[lang] }).first().waitFor();
          if ('open' in p) await page.locator('summary').nth(3).click();
          await page.screenshot({ path: join(out, `portal-${p.name}-${suffix}.png`), fullPage: true });
          count++;
        }
        const shot = async (name: string) => (await page.screenshot({ path: join(out, `portal-${name}-${suffix}.png`), fullPage: true }), count++);
        const w = lang === 'it'
          ? { newTicket: 'Apri un nuovo ticket', send: 'Invia la richiesta', billable: 'Cambi di configurazione', packages: 'Pacchetti di ore', buy: 'Acquista il Pacchetto 10 h', confirm: 'Confermi', contest: 'Contesta l’addebito', signOut: 'Esci', user: 'Nome utente', signIn: 'Accedi' }
          : { newTicket: 'Open a new ticket', send: 'Send the request', billable: 'Configuration change', packages: 'Packages of hours', buy: 'Buy the 10 h package', confirm: 'Confirm buying', contest: 'Contest the charge', signOut: 'Sign out', user: 'Username', signIn: 'Sign in' };
        await page.goto(`${stack.url}/#/tickets/${billable.number}`);
        await page.getByRole('button', { name: w.contest }).click();
        await page.locator('#reason').waitFor();
        await shot('ticket-contest');
        await page.goto(`${stack.url}/#/tickets/new`);
        await page.getByRole('heading', { name: w.newTicket, level: 1 }).waitFor();
        await page.getByRole('button', { name: w.send }).click();
        await page.getByRole('alert').waitFor();
        await page.getByLabel(w.billable).check();
        await shot('new-ticket-errors');
        await page.goto(`${stack.url}/#/packages`);
        await page.getByRole('heading', { name: w.packages, level: 1 }).waitFor();
        await shot('packages');
        await page.getByRole('button', { name: w.buy }).click();
        await page.getByRole('heading', { name: new RegExp(w.confirm), level: 1 }).waitFor();
        await shot('packages-confirm');
        await page.evaluate(() => sessionStorage.clear());
        await page.getByRole('button', { name: w.signOut }).click();
        await page.getByLabel(w.user).fill('verdi');
        await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: w.signIn, exact: true }).click();
        await page.getByRole('navigation').waitFor();
        await page.goto(`${stack.url}/#/tickets/new`);
        await page.getByLabel(w.billable).check();
        await page.locator('#consentToConsuntivo').waitFor();
        await shot('new-ticket-consent');
        await context.close();
      }
    }
  }
  // One email as the SES emulator captured it (the billable ticket's, to alfa's billing address), in Chromium.
  const mails = ((await (await fetch(`${stack.emulators.endpoints.ses}/store`)).json()) as { emails: { subject: string; body: { html?: string } }[] }).emails;
  const mail = mails.find((m) => m.subject.includes(billable.number));
  if (!mail?.body.html) throw new Error(`no email for ${billable.number} in the SES store (${mails.length} emails)`);
  for (const width of [390, 800]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.setContent(mail.body.html);
    await page.screenshot({ path: join(out, `email-ticket-billable-it-${width}.png`), fullPage: true });
    count++;
    await context.close();
  }
  await browser.close();
  console.log(`${count} screenshots in ${out}`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
