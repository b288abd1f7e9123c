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
  const [alfa, tech] = await Promise.all([token('alfa'), token('tech')]);
  const billable = await call('POST', '/tickets', alfa, { category: 'configuration_change', subject: 'Nuova regola sul firewall', description: 'Aprire la porta 8443 verso il server interno per il gestionale.' });
  await call('POST', `/tickets/${billable.id}/messages`, tech, { body: 'Presa in carico: procedo con la modifica in giornata.' });
  await call('POST', `/tickets/${billable.id}/worklogs`, tech, { minutes: 95, kind: 'remote', note: 'Regola aggiunta e verificata con il cliente' });
  await call('POST', `/tickets/${billable.id}/resolution`, tech, { rootCause: 'none', summary: 'Regola configurata' });
  const open = await call('POST', '/tickets', alfa, { category: 'service_fault', subject: 'La connessione cade ogni sera', description: 'Dalle 21 la fibra perde la portante per qualche minuto.' });
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
          await page.getByRole('heading', { name: p.ready[lang] }).waitFor();
          await page.screenshot({ path: join(out, `portal-${p.name}-${suffix}.png`), fullPage: true });
          count++;
        }
        await context.close();
      }
    }
  }
  await browser.close();
  console.log(`${count} screenshots in ${out}`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
