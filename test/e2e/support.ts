import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Ticket } from '#contracts/responses';
import { api, apiUrl, login, stackEnv, uniq } from '../integration/support';

/**
 * Helpers of the browser tier: Debian's Chromium driven by playwright-core (no browser download), pages
 * reached through the stack the integration tests start, people found by role and label.
 */
export { apiUrl };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Quiet, deterministic Chromium: no GPU, no background calls home. As root, Playwright adds --no-sandbox. */
const ARGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface Viewer {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed page scripts, to assert that nothing broke (a CSP refusal shows up here). */
  errors: string[];
}

export async function open(browser: Browser, options: { colorScheme?: 'light' | 'dark'; width?: number; locale?: string } = {}): Promise<Viewer> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'it-IT',
    timezoneId: 'Europe/Rome',
  });
  // A generous deadline for a loaded 2-core machine; waits are for conditions, never fixed sleeps.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|401|404)/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Signs in through the login form, as a person does. */
export async function signIn(page: Page, username: string, password: string, labels = { username: 'Nome utente', password: 'Password', submit: 'Accedi' }): Promise<void> {
  await page.goto(`${apiUrl}/`);
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
}

/** WCAG 2.2 AA as axe-core knows it: every violation listed by rule, impact and the first elements. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe on ${what}`).toEqual([]);
  // Guard against a silent no-op (an empty page, rules that never ran).
  expect(result.passes.length, `axe checked nothing on ${what}`).toBeGreaterThan(10);
}

const PASSWORD = 'portal-tests-pw-1';

export interface Customer {
  customerId: string;
  username: string;
  password: string;
  token: string;
}

/** A fresh account and its customer user, through the admin API (each test file owns its data). */
export async function newCustomer(options: { name: string; locale: 'it' | 'en'; freeMinutes?: number }): Promise<Customer> {
  const body = { name: options.name, billingEmail: 'conti@cliente.example', locale: options.locale, ...(options.freeMinutes !== undefined ? { freeMinutes: options.freeMinutes } : {}) };
  const customer = await api('POST', '/admin/customers', { as: 'admin', body });
  expect(customer.status).toBe(201);
  const username = uniq('web');
  const user = await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@cliente.example`, role: 'customer', customerId: customer.body.id, password: PASSWORD } });
  expect(user.status).toBe(201);
  return { customerId: customer.body.id, username, password: PASSWORD, token: await login(username, PASSWORD) };
}

/** Polls the API until `done` holds; on timeout says what the ticket is stuck at. */
export async function ticketUntil(token: string, id: string, done: (t: Ticket) => boolean, what: string, timeoutMs = 60_000): Promise<Ticket> {
  const deadline = Date.now() + timeoutMs;
  let last: Ticket | undefined;
  while (Date.now() < deadline) {
    last = (await api('GET', `/tickets/${id}`, { token })).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`ticket ${id} never became ${what} in ${timeoutMs} ms; it is ${last?.status} (attention: ${JSON.stringify(last?.attention)})`);
}

/** A billable ticket worked for `minutes` and closed by the workflow, so it has a classification and charges. */
export async function closedBillableTicket(customer: Customer, tech: { token: string }, minutes: number): Promise<Ticket> {
  const opened = await api('POST', '/tickets', {
    token: customer.token,
    headers: { 'idempotency-key': uniq('k') },
    body: { category: 'configuration_change', subject: 'Nuova regola sul firewall', description: 'Aprire la porta 8443 verso il server interno.' },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const id = opened.body.id;
  expect((await api('POST', `/tickets/${id}/messages`, { token: tech.token, body: { body: 'Presa in carico, procedo con la modifica.' } })).status).toBe(201);
  expect((await api('POST', `/tickets/${id}/worklogs`, { token: tech.token, body: { minutes, kind: 'remote', note: 'Regola aggiunta e verificata' } })).status).toBe(201);
  expect((await api('POST', `/tickets/${id}/resolution`, { token: tech.token, body: { rootCause: 'none', summary: 'Regola configurata' } })).status).toBe(202);
  return ticketUntil(customer.token, id, (t) => t.status === 'closed', 'closed');
}

export { stackEnv };
