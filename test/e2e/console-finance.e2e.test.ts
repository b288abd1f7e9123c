import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPackage, settleTicket } from '../../functions/core/hours/use-cases';
import { DEMO_PASSWORD } from '../../infra/local/seed';
import { dynamoSystem } from '../integration/ledger-fixtures';
import { api, uniq } from '../integration/support';
import { apiUrl, expectAccessible, launch, open, signIn } from './support';

/**
 * Finance's day in the console, in Chromium against the real local stack:
 * - balances: every account's rate and balances, the search by name, the sort by a balance over all
 *   accounts (the header's aria-sort follows it, both ways), and a rate changed through the form (a bad
 *   amount named beside the field, then a good one), which the API then reports on the account and its ledger;
 * - exports: finance runs an export up to a moment, downloads its CSV through the presigned link, and the
 *   CSV parses (RFC 4180) to the totals the ledger's entries give for each seeded account, to the cent;
 *   the export's drafts say which fiscal fields keep those accounts from having one;
 * - axe (WCAG 2.2 AA) on balances (light and dark), the rate form with its error, and exports.
 */
let browser: Browser;
const tag = uniq('Finanza');
const accounts: { id: string; name: string }[] = [];
/** Per account: Σ consuntivo amountCents + Σ purchase priceCents of its ledger entries, the export's total. */
const expected = new Map<string, number>();

async function newAccount(name: string): Promise<string> {
  const res = await api('POST', '/admin/customers', { as: 'admin', body: { name, billingEmail: 'conti@cliente.example', locale: 'it', freeMinutes: 0 } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  browser = await launch();
  // Billable work ten minutes ago (an export reads only what is at least five minutes old): a consuntivo
  // on one account; on the other a package bought and a ticket drawn from it.
  const system = dynamoSystem(new Date(Date.now() - 10 * 60_000));
  const a = { id: await newAccount(`${tag} Officina`), name: `${tag} Officina` };
  const b = { id: await newAccount(`${tag} Studio`), name: `${tag} Studio` };
  accounts.push(a, b);
  await settleTicket(system.deps, { customerId: a.id, ticketId: uniq('t_fin'), targetMinutes: 90, revision: 1 });
  await orderPackage(system.deps, { customerId: b.id, catalogueId: 'pkg_5h', by: 'test' });
  await settleTicket(system.deps, { customerId: b.id, ticketId: uniq('t_fin'), targetMinutes: 45, revision: 1 });
  for (const acc of accounts) {
    const ledger = await api('GET', `/ledger?customerId=${acc.id}&limit=100`, { as: 'finance' });
    expect(ledger.status).toBe(200);
    const entries = ledger.body.items as { bucket: string; reason: string; amountCents?: number; priceCents?: number }[];
    expected.set(acc.id, entries.reduce((s, e) => s + (e.bucket === 'consuntivo' ? e.amountCents! : e.reason === 'purchase' ? e.priceCents! : 0), 0));
  }
  expect([...expected.values()].every((cents) => cents > 0)).toBe(true);
});

afterAll(async () => {
  await browser?.close();
});

async function asFinance(options: Parameters<typeof open>[1] = {}) {
  const viewer = await open(browser, options);
  await signIn(viewer.page, 'finance', DEMO_PASSWORD);
  await viewer.page.getByRole('navigation', { name: 'Navigazione della console' }).waitFor();
  return viewer;
}

const rowNames = (page: Page) => page.locator('table tbody th').allTextContents();

describe('finance in the console', () => {
  it('sees every account’s balances, sorts them both ways, and changes a rate', async () => {
    const { page, context, errors } = await asFinance();
    await page.goto(`${apiUrl}/#/console/balances`);
    await page.getByLabel('Cerca un cliente').fill(tag);
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
    await expect.poll(() => rowNames(page), { timeout: 30_000 }).toEqual([accounts[0]!.name, accounts[1]!.name]);
    await expectAccessible(page, 'balances (light)');

    // Consuntivo: Officina owes 90 min at € 60 = € 90,00; Studio's 45 min came from its package, € 0,00.
    await page.getByRole('button', { name: 'Ordina per Consuntivo del mese' }).click();
    const header = page.getByRole('columnheader', { name: /Consuntivo del mese/ });
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => rowNames(page)).toEqual([accounts[0]!.name, accounts[1]!.name]);
    await page.getByRole('button', { name: 'Ordina per Consuntivo del mese' }).click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => rowNames(page)).toEqual([accounts[1]!.name, accounts[0]!.name]);
    // Package hours: only Studio has some (5 h bought, 45 min used).
    await page.getByRole('button', { name: 'Ordina per Ore a pacchetto' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Ore a pacchetto/ }).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => rowNames(page)).toEqual([accounts[1]!.name, accounts[0]!.name]);
    expect(page.url()).toContain('sort=package');
    const studio = page.getByRole('row', { name: new RegExp(accounts[1]!.name) });
    await expect.poll(() => studio.textContent()).toContain('4 h 15 min');

    // The rate: a bad amount is named beside the field; a good one is saved on the account and its ledger.
    await page.getByRole('button', { name: `Cambia la tariffa di ${accounts[0]!.name}` }).click();
    const rate = page.getByLabel('Nuova tariffa (€ all’ora, IVA esclusa)');
    await rate.fill('sessanta');
    await page.getByRole('button', { name: 'Salva la tariffa' }).click();
    await page.getByRole('alert').filter({ hasText: 'C’è un problema' }).waitFor();
    expect(await rate.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'the rate form with an error');
    await rate.fill('75,00');
    await page.getByRole('button', { name: 'Salva la tariffa' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Tariffa di' }).textContent()).toContain('€ 75,00/h (prima € 60,00/h)');
    await expect.poll(() => page.getByRole('row', { name: new RegExp(accounts[0]!.name) }).textContent()).toContain('€ 75,00/h');
    const balance = await api('GET', `/balance?customerId=${accounts[0]!.id}`, { as: 'finance' });
    expect(balance.body.hourlyRateCents).toBe(7500);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is accessible in dark mode', async () => {
    const { page, context } = await asFinance({ colorScheme: 'dark' });
    await page.goto(`${apiUrl}/#/console/balances?q=${encodeURIComponent(tag)}&sort=free&order=desc`);
    await expect.poll(() => rowNames(page)).toHaveLength(2);
    await expectAccessible(page, 'balances (dark)');
    await context.close();
  });

  it('runs an export and downloads a CSV whose totals are the ledger’s, to the cent', async () => {
    const { page, context, errors } = await asFinance();
    await page.goto(`${apiUrl}/#/console/exports`);
    await page.getByRole('heading', { name: 'Esporta adesso' }).waitFor();
    await page.getByLabel('Fino a un momento preciso').check();
    // The form proposes six minutes ago: past the seeded work, inside what the index has caught up with.
    await page.getByRole('button', { name: 'Esporta', exact: true }).click();
    const result = page.getByRole('status').filter({ hasText: 'Nuova esportazione' });
    await result.waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'exports');

    const list = await api('GET', '/finance/exports?limit=1', { as: 'finance' });
    const latest = list.body.items[0]!;
    const when = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' }).format(new Date(latest.through));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: `Scarica CSV dell’esportazione fino a ${when}` }).click()]);
    const rows = parse(await readFile((await download.path())!), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    for (const acc of accounts) {
      const mine = rows.filter((r) => r.customerId === acc.id);
      const lines = mine.filter((r) => ['consuntivo', 'purchase', 'credit'].includes(r.kind!)).reduce((s, r) => s + Number(r.amountCents), 0);
      const total = mine.find((r) => r.kind === 'account_total');
      expect(lines, acc.name).toBe(expected.get(acc.id));
      expect(Number(total?.amountCents), acc.name).toBe(expected.get(acc.id));
    }
    const officina = rows.find((r) => r.customerId === accounts[0]!.id && r.kind === 'consuntivo')!;
    expect(officina).toMatchObject({ minutes: '90', hourlyRateCents: '6000', amountCents: '9000' });

    // The drafts: these accounts have no fiscal data, and the page says which fields are missing.
    await page.getByRole('button', { name: `Bozze di fattura dell’esportazione fino a ${when}` }).click();
    const drafts = page.getByRole('region', { name: `Bozze di fattura fino a ${when}` });
    await expect.poll(() => drafts.getByRole('row', { name: new RegExp(accounts[0]!.name) }).textContent(), { timeout: 30_000 }).toMatch(/TD01 non generata: mancano .*subjectType/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
