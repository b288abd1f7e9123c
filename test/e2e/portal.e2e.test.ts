import { AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand, RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '#contracts/responses';
import { api, login } from '../integration/support';
import { apiUrl, closedBillableTicket, expectAccessible, launch, newCustomer, open, signIn, stackEnv, type Customer } from './support';

/**
 * The customer portal in Chromium, against the real local stack, driven as a person does:
 * - sign-in: a wrong password and an unknown user get the same answer; the right one opens home; an
 *   invited user chooses a new password first; reload keeps the session, sign-out ends it; a 401 from the
 *   API is answered by a refresh and a retry, unseen by the user; a session that cannot be refreshed asks
 *   to sign in again and returns to the same page; sign-out revokes the refresh token;
 * - home shows the account's real balance (free hours, consuntivo) in Italian and, switched, in English;
 *   used-up free hours get a banner and the consuntivo shows time and euro; an English account opens in English;
 * - a ticket's page shows its classification, reason, rule and charges; another account's ticket URL reads
 *   exactly like an unknown number;
 * - a customer opening a staff console URL gets the 403 page; staff get the console shell;
 * - a whole journey works by keyboard alone;
 * - every page passes axe (WCAG 2.2 AA) in both languages, light and dark, and nothing is refused by the
 *   Content-Security-Policy the local gateway sends as CloudFront does.
 */
let browser: Browser;
const cognito = () =>
  new CognitoIdentityProviderClient({
    region: stackEnv.AWS_REGION!,
    endpoint: stackEnv.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER!,
    credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
  });
const refreshWith = (refreshToken: string) =>
  cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: stackEnv.USER_POOL_CLIENT_ID!, AuthParameters: { REFRESH_TOKEN: refreshToken } }));
let alfa: Customer;
let other: Customer;
let english: Customer;
let ticket: Ticket;
let othersTicket: Ticket;

beforeAll(async () => {
  browser = await launch();
  [alfa, other, english] = await Promise.all([
    newCustomer({ name: 'Ferramenta Rossi Srl', locale: 'it' }),
    newCustomer({ name: 'Altra Azienda SpA', locale: 'it' }),
    newCustomer({ name: 'Northwind Ltd', locale: 'en' }),
  ]);
  const tech = { token: await login('tech') };
  [ticket, othersTicket] = await Promise.all([closedBillableTicket(alfa, tech, 30), closedBillableTicket(other, tech, 45)]);
});

afterAll(async () => {
  await browser?.close();
});

describe('sign-in', () => {
  it('a wrong password and an unknown user read the same; the right password opens home', async () => {
    const { page, context, errors } = await open(browser);
    await signIn(page, alfa.username, 'not-the-password');
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Nome utente o password non corretti.');
    const wrongPassword = await summary.textContent();

    await page.getByLabel('Nome utente').fill('nobody-by-this-name');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    const answered = page.waitForResponse((r) => r.request().headers()['x-amz-target']?.endsWith('.InitiateAuth') === true);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    expect((await answered).status()).toBe(400);
    await expect.poll(() => page.getByRole('button', { name: 'Accedi', exact: true }).isEnabled()).toBe(true);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(wrongPassword);

    await page.getByLabel('Nome utente').fill(alfa.username);
    await page.getByLabel('Password', { exact: true }).fill(alfa.password);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Ferramenta Rossi Srl');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an invited user chooses a new password at the first sign-in, then is in', async () => {
    const invited = await newCustomer({ name: 'Invitata Srl', locale: 'it' });
    // What an invitation leaves: a temporary password that must be changed.
    await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: stackEnv.USER_POOL_ID!, Username: invited.username, Password: 'temporary-pw-1', Permanent: false }));
    const { page, context, errors } = await open(browser);
    await signIn(page, invited.username, 'temporary-pw-1');
    await page.getByRole('heading', { name: 'Scegli una nuova password' }).waitFor();
    // Shorter than the pool's 12 characters: named on the field before any call to Cognito.
    await page.getByLabel('Nuova password', { exact: true }).fill('short-pw-1');
    await page.getByLabel('Ripeti la nuova password').fill('short-pw-1');
    await page.getByRole('button', { name: 'Salva e accedi' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Almeno 12 caratteri');
    await page.getByLabel('Nuova password', { exact: true }).fill('my-own-password-1');
    await page.getByLabel('Ripeti la nuova password').fill('a-different-one-1');
    await page.getByRole('button', { name: 'Salva e accedi' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Le due password non coincidono.');
    await page.getByLabel('Ripeti la nuova password').fill('my-own-password-1');
    await page.getByRole('button', { name: 'Salva e accedi' }).click();
    await page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Invitata Srl');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a reload keeps the session, a 401 is refreshed and retried unseen, sign-out ends it', async () => {
    const { page, context, errors } = await open(browser);
    await signIn(page, alfa.username, alfa.password);
    await page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Le tue ore' }).waitFor();

    // An access token that expired while the page was open: Cognito-local's last 24 h, so the API's 401 is
    // played once here; the portal must refresh through Cognito and repeat the call.
    let refused = false;
    const refreshes: string[] = [];
    page.on('request', (r) => {
      if (r.headers()['x-amz-target']?.endsWith('.InitiateAuth') && r.postData()?.includes('REFRESH_TOKEN_AUTH')) refreshes.push(r.url());
    });
    await page.route(`${apiUrl}/tickets?*`, async (route) => {
      if (refused) return route.continue();
      refused = true;
      await route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'token expired' }) });
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Ticket' }).click();
    // The list's heading first: home lists the same ticket, and its link could be found before home is gone.
    await page.getByRole('heading', { name: 'I tuoi ticket', level: 1 }).waitFor();
    await page.getByRole('link', { name: ticket.number }).waitFor();
    expect(refused).toBe(true);
    expect(refreshes.length).toBe(1);

    const refreshToken = (await page.evaluate(() => sessionStorage.getItem('monteore.refresh')))!;
    expect((await refreshWith(refreshToken)).AuthenticationResult?.AccessToken).toBeTruthy();
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('heading', { name: 'Accedi all’area clienti' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Accedi all’area clienti' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('monteore.refresh'))).toBeNull();
    await expect.poll(() => refreshWith(refreshToken).then(() => 'still valid', (e: Error) => e.name)).toBe('NotAuthorizedException');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a session that can no longer be refreshed asks to sign in again and returns to the same page', async () => {
    const { page, context, errors } = await open(browser);
    await signIn(page, alfa.username, alfa.password);
    await page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    // From the list (a ticket's page polls for live updates, which would meet the 401 before the click does).
    await page.goto(`${apiUrl}/#/tickets`);
    await page.getByRole('heading', { name: 'I tuoi ticket', level: 1 }).waitFor();
    // The session ends elsewhere (revoked, or expired): the next refresh is refused.
    const refreshToken = (await page.evaluate(() => sessionStorage.getItem('monteore.refresh')))!;
    await cognito().send(new RevokeTokenCommand({ ClientId: stackEnv.USER_POOL_CLIENT_ID!, Token: refreshToken }));
    await page.route(`${apiUrl}/tickets/**`, (route) =>
      route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'token expired' }) }),
    );
    await page.getByRole('link', { name: ticket.number }).click();
    await page.getByRole('heading', { name: 'Accedi all’area clienti' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('La sessione è scaduta');
    await page.unroute(`${apiUrl}/tickets/**`);
    await page.getByLabel('Nome utente').fill(alfa.username);
    await page.getByLabel('Password', { exact: true }).fill(alfa.password);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a whole journey by keyboard alone: sign in, reach the tickets, open one, switch language, sign out', async () => {
    const { page, context, errors } = await open(browser);
    await page.goto(`${apiUrl}/`);
    await page.getByRole('heading', { name: 'Accedi all’area clienti' }).waitFor();
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('id') ?? ''}:${(el.textContent ?? '').trim()}` : '';
    });
    /** Tabs until the focused element matches; fails naming what had focus if it never does. */
    const tabTo = async (match: RegExp, limit = 25) => {
      const seen: string[] = [];
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const now = await focused();
        if (match.test(now)) return;
        seen.push(now);
      }
      throw new Error(`no ${match} within ${limit} tabs; focus went through: ${seen.join(' → ')}`);
    };
    await tabTo(/^input:username:/);
    await page.keyboard.type(alfa.username);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^input:password:/);
    await page.keyboard.type(alfa.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    await tabTo(/^a::Ticket$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'I tuoi ticket', level: 1 }).waitFor();
    // After a navigation focus is on the new page's heading, so the next Tab goes into the page.
    await expect.poll(focused).toMatch(/^h1::I tuoi ticket$/);
    await tabTo(new RegExp(`^a::${ticket.number}$`));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    for (let i = 0; i < 25 && !/^button::English$/.test(await focused()); i++) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatch(/^button::English$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: 'Classification' }).textContent()).toContain('Billable');
    await tabTo(/^button::Sign out$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in to the customer area' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('home', () => {
  it('shows the real balance in Italian, and in English after the switch', async () => {
    const balance = (await api('GET', '/balance', { token: alfa.token })).body;
    expect(balance.freeMinutesRemaining).toBe(270); // 300 granted, 30 billable minutes drawn
    const { page, context } = await open(browser);
    await signIn(page, alfa.username, alfa.password);
    const hours = page.getByRole('region', { name: 'Le tue ore' });
    await hours.waitFor();
    expect(await hours.textContent()).toContain('4 h 30 min rimaste / 5 h');
    expect(await hours.getByRole('meter', { name: 'Monte ore gratuito' }).evaluate((m: HTMLMeterElement) => [m.value, m.max])).toEqual([270, 300]);
    expect(await hours.textContent()).toContain('Tariffa oraria: € 60,00 + IVA');
    expect(await page.getByRole('region', { name: 'Ultimi ticket' }).getByRole('link', { name: ticket.number }).count()).toBe(1);

    await page.getByRole('button', { name: 'English' }).click();
    const hoursEn = page.getByRole('region', { name: 'Your hours' });
    await hoursEn.waitFor();
    expect(await hoursEn.textContent()).toContain('4 h 30 min left / 5 h');
    expect(await hoursEn.textContent()).toContain('Hourly rate: €60.00 + VAT');
    await page.waitForFunction(() => document.documentElement.lang === 'en', undefined, { timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });

  it('free hours used up: the banner says what happens now, the bar says "esaurito", the consuntivo is in time and euro', async () => {
    const small = await newCustomer({ name: 'Piccola Officina Snc', locale: 'it', freeMinutes: 60 });
    await closedBillableTicket(small, { token: await login('tech') }, 90); // 60 min from the free bank, 30 a consuntivo
    const { page, context } = await open(browser);
    await signIn(page, small.username, small.password);
    const hours = page.getByRole('region', { name: 'Le tue ore' });
    await hours.waitFor();
    expect(await page.getByRole('region', { name: 'Monte ore gratuito esaurito' }).textContent()).toContain('Hai esaurito il monte ore gratuito');
    expect(await hours.textContent()).toContain('Il monte ore gratuito è esaurito.');
    expect(await hours.textContent()).toContain('esaurito');
    expect(await hours.getByRole('meter', { name: 'Monte ore gratuito' }).evaluate((m: HTMLMeterElement) => [m.value, m.max])).toEqual([0, 60]);
    // 30 minutes at € 60,00 an hour.
    expect(await hours.textContent()).toContain('30 min di lavoro, € 30,00 + IVA nella prossima fattura.');
    await expectAccessible(page, 'home with the free hours used up (it, light)');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('region', { name: 'Your hours' }).waitFor();
    expect(await page.getByRole('region', { name: 'Your hours' }).textContent()).toContain('30 min of work, €30.00 + VAT on the next invoice.');
    await context.close();
  });

  it('an English account opens in English', async () => {
    const { page, context } = await open(browser);
    await signIn(page, english.username, english.password);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: 'Your hours' }).textContent()).toContain('5 h left / 5 h');
    await context.close();
  });
});

describe('tickets', () => {
  it("a ticket's page shows how it was classified, why, and where its minutes were drawn from", async () => {
    const { page, context } = await open(browser);
    await signIn(page, alfa.username, alfa.password);
    await page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Ticket' }).click();
    await page.getByRole('link', { name: ticket.number }).click();
    await page.getByRole('heading', { name: `Ticket ${ticket.number}`, level: 1 }).waitFor();
    const classification = await page.getByRole('region', { name: 'Classificazione' }).textContent();
    expect(classification).toContain('A pagamento');
    expect(classification).toContain('Richiesta a pagamento');
    expect(classification).toContain('Richiesta a valore aggiunto secondo lo schema sintetico');
    const charges = await page.getByRole('region', { name: 'Tempo e addebiti' }).textContent();
    expect(charges).toContain('Monte ore gratuito: 30 min');
    expect(await page.getByRole('region', { name: 'Attività registrate' }).textContent()).toContain('Regola aggiunta e verificata');
    expect(await page.getByRole('region', { name: 'Messaggi' }).textContent()).toContain('Presa in carico');
    await context.close();
  });

  it("another account's ticket URL reads exactly like an unknown number", async () => {
    const { page, context } = await open(browser);
    await signIn(page, alfa.username, alfa.password);
    await page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    const shown = async (id: string) => {
      // From another page first, so the heading waited for is this ticket's answer, not the previous one's.
      await page.goto(`${apiUrl}/#/tickets`);
      await page.getByRole('heading', { name: 'I tuoi ticket', level: 1 }).waitFor();
      await page.goto(`${apiUrl}/#/tickets/${id}`);
      await page.getByRole('heading', { name: 'Ticket non trovato', level: 1 }).waitFor();
      return (await page.getByRole('main').textContent())!.replaceAll(id, '<id>');
    };
    const foreign = await shown(othersTicket.number);
    const unknown = await shown('T-2026-999999');
    expect(foreign).toBe(unknown);
    expect(foreign).not.toContain(othersTicket.subject);
    await context.close();
  });
});

describe('roles', () => {
  it('a customer opening a console URL gets the 403 page; staff get the console, with the areas of their role', async () => {
    const customer = await open(browser);
    await signIn(customer.page, alfa.username, alfa.password);
    await customer.page.getByRole('heading', { name: 'Riepilogo', level: 1 }).waitFor();
    await customer.page.goto(`${apiUrl}/#/console/tickets`);
    await customer.page.getByRole('heading', { name: 'Accesso non consentito', level: 1 }).waitFor();
    await customer.context.close();

    const staff = await open(browser);
    await signIn(staff.page, 'tech', 'demo-password-1');
    await staff.page.getByRole('heading', { name: 'Coda', level: 1 }).waitFor();
    const nav = staff.page.getByRole('navigation', { name: 'Navigazione della console' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Coda', 'Disservizi']);
    // An area of another role reads as not found, like any unknown address.
    await staff.page.goto(`${apiUrl}/#/console/customers`);
    await staff.page.getByRole('heading', { name: 'Pagina non trovata', level: 1 }).waitFor();
    expect(staff.errors).toEqual([]);
    await staff.context.close();
  });
});

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`every page, in Italian and English, ${colorScheme}`, async () => {
      const { page, context, errors } = await open(browser, { colorScheme });
      await page.goto(`${apiUrl}/`);
      await page.getByRole('heading', { name: 'Accedi all’area clienti' }).waitFor();
      await expectAccessible(page, `login (it, ${colorScheme})`);
      await signIn(page, alfa.username, 'wrong-password-1');
      await page.getByRole('alert').waitFor();
      await expectAccessible(page, `login with an error (it, ${colorScheme})`);
      await page.getByLabel('Password', { exact: true }).fill(alfa.password);
      await page.getByRole('button', { name: 'Accedi', exact: true }).click();
      const pages = [
        { hash: '/', heading: { it: 'Le tue ore', en: 'Your hours' } },
        { hash: '/tickets', heading: { it: 'I tuoi ticket', en: 'Your tickets' } },
        { hash: `/tickets/${ticket.number}`, heading: { it: 'Classificazione', en: 'Classification' } },
        { hash: '/tickets/T-2026-999999', heading: { it: 'Ticket non trovato', en: 'Ticket not found' } },
        { hash: '/console', heading: { it: 'Accesso non consentito', en: 'Access not allowed' } },
        { hash: '/no/such/page', heading: { it: 'Pagina non trovata', en: 'Page not found' } },
      ];
      for (const lang of ['it', 'en'] as const) {
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        for (const p of pages) {
          await page.goto(`${apiUrl}/#${p.hash}`);
          await page.getByRole('heading', { name: p.heading[lang] }).waitFor();
          await expectAccessible(page, `#${p.hash} (${lang}, ${colorScheme})`);
        }
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
