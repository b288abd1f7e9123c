import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyWindow } from '../../functions/core/hours/forecast';
import { createCustomerAccount, settleTicket } from '../../functions/core/hours/use-cases';
import { romeDayStart } from '../../functions/core/periods';
import { dynamoSystem } from '../integration/ledger-fixtures';
import type { Ticket } from '#contracts/responses';
import { api, login, uniq } from '../integration/support';
import { apiUrl, closedBillableTicket, expectAccessible, launch, newCustomer, open, signIn, type Customer } from './support';

/**
 * The portal's read pages of hours and help, in Chromium against the real local stack:
 * - hours and movements: this month's movements are the API's ledger entries (each ticket's linked by its
 *   number, and the link opens that ticket), the month's row of the table beside the chart has the minutes
 *   drawn per bucket, and the CSV that downloads parses (RFC 4180) to the same movements and minutes;
 * - the FAQ (questions as `<details>`) and "Cosa è incluso" (the schema as two lists, Incluso / A pagamento,
 *   from GET /categories) in Italian and English;
 * - home: the forecast as GET /forecast gives it (a range on an account with a past, "not enough history"
 *   on a new one), the used-up banner with what happens now and where to buy, the incident banner while a
 *   network incident covers the account (and not once it is closed);
 * - axe (WCAG 2.2 AA) on each of these pages and states, in both languages, light and dark.
 */
let browser: Browser;
let alfa: Customer;
let ticket: Ticket;
let tech: { token: string };

const DAY_MS = 86_400_000;
const itDay = (day: string | null) => {
  if (day === null) throw new Error('the forecast gives no run-out day before its horizon');
  return new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Rome' }).format(new Date(`${day}T12:00:00Z`));
};

/** An account opened 100 days ago that used 120 billable minutes a week for twelve weeks, then bought 10 h. */
async function accountWithHistory(): Promise<Customer> {
  const system = dynamoSystem(new Date(Date.now() - 100 * DAY_MS));
  const customer = await createCustomerAccount(system.deps, { name: `Storico ${uniq('')}`, billingEmail: 'f@f.example', locale: 'it', freeMinutes: 300 }, 'test');
  for (const [i, monday] of historyWindow(new Date()).weekStarts.entries()) {
    system.clock.now = new Date(romeDayStart(monday + 1).getTime() + 10 * 3_600_000);
    await settleTicket(system.deps, { customerId: customer.id, ticketId: `t_e2e_${i}`, targetMinutes: 120, revision: 1 });
  }
  const username = uniq('hist');
  const password = 'portal-tests-pw-1';
  expect((await api('POST', '/admin/users', { as: 'admin', body: { username, email: `${username}@cliente.example`, role: 'customer', customerId: customer.id, password } })).status).toBe(201);
  const token = await login(username, password);
  const bought = await api('POST', '/packages/orders', { token, body: { packageId: 'pkg_10h' }, headers: { 'idempotency-key': uniq('fc') } });
  expect(bought.status).toBe(201);
  return { customerId: customer.id, username, password, token };
}

async function signedIn(who: Customer, options: Parameters<typeof open>[1] = {}) {
  const viewer = await open(browser, options);
  await signIn(viewer.page, who.username, who.password);
  await viewer.page.getByRole('heading', { level: 1 }).first().waitFor();
  return viewer;
}

async function goto(page: Page, hash: string, heading: string) {
  await page.goto(`${apiUrl}/#${hash}`);
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
}

beforeAll(async () => {
  browser = await launch();
  tech = { token: await login('tech') };
  alfa = await newCustomer({ name: 'Studio Bianchi', locale: 'it' });
  ticket = await closedBillableTicket(alfa, tech, 45);
});

afterAll(async () => {
  await browser?.close();
});

describe('hours and movements', () => {
  it("this month's movements are the ledger's, each ticket linked; the month's row has the minutes per bucket", async () => {
    const ledger = (await api('GET', '/ledger', { token: alfa.token })).body.items;
    expect(ledger.map((e) => e.reason).sort()).toEqual(['consume', 'grant']);
    const { page, context, errors } = await signedIn(alfa);
    await page.getByRole('navigation').getByRole('link', { name: 'Ore e movimenti' }).click();
    await page.getByRole('heading', { name: 'Ore e movimenti', level: 1 }).waitFor();

    const month = new Intl.DateTimeFormat('it-IT', { month: 'long', year: 'numeric', timeZone: 'Europe/Rome' }).format(new Date());
    const movements = page.getByRole('region', { name: `Movimenti di ${month}` });
    const rows = movements.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(1 + ledger.length);
    const text = await movements.textContent();
    expect(text).toContain('Ore gratuite assegnate');
    expect(text).toContain('+5 h');
    expect(text).toContain('Ore scalate');
    expect(text).toContain('−45 min');

    // The table beside the chart: this month, 45 min from the free bank, 45 min in all.
    const drawn = page.getByRole('region', { name: 'Minuti scalati per mese' });
    expect(await drawn.getByRole('img').getAttribute('aria-label')).toContain('i valori sono nella tabella');
    const thisMonth = drawn.getByRole('row', { name: new RegExp(month, 'i') });
    expect((await thisMonth.getByRole('cell').allTextContents()).map((s) => s.trim())).toEqual(['45 min', '0 min', '0 min', '45 min']);

    await movements.getByRole('link', { name: ticket.number }).click();
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the CSV downloads and parses to the same movements and minutes as the API', async () => {
    const ledger = (await api('GET', '/ledger', { token: alfa.token })).body.items;
    const { page, context } = await signedIn(alfa);
    await goto(page, '/hours', 'Ore e movimenti');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Scarica i movimenti/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^movimenti-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
    const csv = (await readFile((await download.path())!)).toString('utf8');
    const [header, ...rows]: string[][] = parse(csv.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['Data (ora di Roma)', 'Mese', 'Movimento', 'Ore', 'Pacchetto', 'Minuti', 'Ticket', 'Importo EUR IVA esclusa']);
    const fromCsv = rows.map((r) => ({ minutes: Number(r[5]), ticket: r[6] })).sort((a, b) => a.minutes - b.minutes);
    const fromApi = ledger.map((e) => ({ minutes: e.minutes, ticket: e.ticketNumber ?? '' })).sort((a, b) => a.minutes - b.minutes);
    expect(fromCsv).toEqual(fromApi);
    expect(fromCsv).toContainEqual({ minutes: -45, ticket: ticket.number });
    await context.close();
  });
});

describe('FAQ and "Cosa è incluso"', () => {
  it('in Italian and in English: questions that open, and the schema as two lists', async () => {
    const categories = (await api('GET', '/categories', { token: alfa.token })).body;
    const { page, context, errors } = await signedIn(alfa);
    for (const lang of ['it', 'en'] as const) {
      const words =
        lang === 'it'
          ? { nav: 'Domande frequenti', faq: 'Domande frequenti', q: 'Cos’è il monte ore gratuito?', a: 'senza alcun addebito', included: 'Cosa è incluso', inc: 'Incluso', bill: 'A pagamento' }
          : { nav: 'FAQ', faq: 'Frequently asked questions', q: 'What are the free hours?', a: 'at no charge', included: 'What is included', inc: 'Included', bill: 'Billable' };
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('navigation').getByRole('link', { name: words.nav, exact: true }).click();
      await page.getByRole('heading', { name: words.faq, level: 1 }).waitFor();
      const answer = page.getByText(words.a);
      expect(await answer.isVisible()).toBe(false);
      await page.getByText(words.q).click();
      await answer.waitFor({ state: 'visible' });
      expect(await page.locator('details[open]').count()).toBe(1);

      await page.getByRole('navigation').getByRole('link', { name: words.included, exact: true }).click();
      await page.getByRole('heading', { name: words.included, level: 1 }).waitFor();
      const col = (kind: 'included' | 'billable') => page.getByRole('region', { name: new RegExp(`^${kind === 'included' ? words.inc : words.bill}`) });
      await col('included').getByRole('listitem').first().waitFor();
      expect(await col('included').getByRole('listitem').allTextContents()).toEqual(categories.filter((c) => c.expected === 'included').map((c) => c.label[lang]));
      expect(await col('billable').getByRole('listitem').allTextContents()).toEqual(categories.filter((c) => c.expected === 'billable').map((c) => c.label[lang]));
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('home: forecast and banners', () => {
  it('an account with a past reads the forecast as GET /forecast gives it; a new one is told there is not enough history', async () => {
    const hist = await accountWithHistory();
    const forecast = (await api('GET', '/forecast', { token: hist.token })).body;
    expect(forecast.status).toBe('ok');
    if (forecast.status !== 'ok') throw new Error(`the forecast of an account with history is ${forecast.status}`);
    const { page, context } = await signedIn(hist);
    const card = page.getByRole('region', { name: 'Previsione' });
    await card.getByText('Al ritmo delle ultime settimane').waitFor();
    const { earliest, latest } = forecast.runsOutBetween;
    const expected = earliest === latest ? `finiranno intorno al ${itDay(earliest)}` : `finiranno tra il ${itDay(earliest)} e il ${itDay(latest)}`;
    expect(await card.textContent()).toContain(expected);
    expect(await card.textContent()).toContain('Uso tipico: 2 h di lavoro a pagamento a settimana.');
    await context.close();

    const fresh = await signedIn(alfa);
    const freshCard = fresh.page.getByRole('region', { name: 'Previsione' });
    await freshCard.getByText('Non abbiamo ancora abbastanza storico').waitFor();
    expect(await freshCard.textContent()).toContain('servono 8 settimane complete, ne abbiamo 0');
    await fresh.context.close();
  });

  it('used-up free hours: the banner says what happens now, at what rate, and links to the packages', async () => {
    const small = await newCustomer({ name: 'Officina Verdi', locale: 'it', freeMinutes: 30 });
    await closedBillableTicket(small, tech, 45);
    const { page, context } = await signedIn(small);
    const banner = page.getByRole('region', { name: 'Monte ore gratuito esaurito' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('fatturate a consuntivo');
    expect(await banner.textContent()).toContain('Tariffa a consuntivo: € 60,00 + IVA l’ora');
    expect(await banner.getByRole('link', { name: 'Acquista un pacchetto di ore' }).getAttribute('href')).toBe('#/packages');
    await context.close();
  });

  it('an open incident covering the account shows a banner, and only while it is open', async () => {
    const covered = await newCustomer({ name: 'Coperto Srl', locale: 'it' });
    const declared = await api('POST', '/incidents', { token: tech.token, body: { title: 'Fibra interrotta in via Roma', customerIds: [covered.customerId] } });
    expect(declared.status).toBe(201);
    const { page, context } = await signedIn(covered);
    const banner = page.getByRole('region', { name: 'Disservizio in corso' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Fibra interrotta in via Roma');
    expect(await banner.textContent()).toContain('inclusi, senza costi');
    await expectAccessible(page, 'home with an incident (it, light)');

    // Another account sees nothing of it.
    const other = await signedIn(alfa);
    await other.page.getByRole('region', { name: 'Le tue ore' }).waitFor();
    expect(await other.page.getByRole('region', { name: 'Disservizio in corso' }).count()).toBe(0);
    await other.context.close();

    expect((await api('POST', `/incidents/${declared.body.id}/close`, { token: tech.token })).status).toBe(200);
    await page.reload();
    await page.getByRole('region', { name: 'Le tue ore' }).waitFor();
    expect(await page.getByRole('region', { name: 'Disservizio in corso' }).count()).toBe(0);
    await context.close();
  });
});

describe('accessibility of the hours and help pages (axe, WCAG 2.2 AA)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`hours, FAQ (a question open), "Cosa è incluso", home with the forecast, in Italian and English, ${colorScheme}`, async () => {
      const { page, context, errors } = await signedIn(alfa, { colorScheme });
      const pages = [
        { hash: '/', heading: { it: 'Previsione', en: 'Forecast' } },
        { hash: '/hours', heading: { it: 'Ore e movimenti', en: 'Hours and movements' } },
        { hash: '/included', heading: { it: 'Cosa è incluso', en: 'What is included' } },
        { hash: '/faq', heading: { it: 'Domande frequenti', en: 'Frequently asked questions' } },
      ];
      for (const lang of ['it', 'en'] as const) {
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        for (const p of pages) {
          await goto(page, p.hash, p.heading[lang]);
          if (p.hash === '/') await page.getByRole('region', { name: p.heading[lang] }).getByText(lang === 'it' ? 'storico' : 'history').waitFor();
          if (p.hash === '/hours') await page.getByRole('img').first().waitFor();
          if (p.hash === '/included') await page.getByRole('listitem').first().waitFor();
          if (p.hash === '/faq') await page.locator('summary').first().click();
          await expectAccessible(page, `#${p.hash} (${lang}, ${colorScheme})`);
        }
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
