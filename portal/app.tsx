import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { getMe } from './api/client';
import { me, signOut, tokens } from './api/session';
import { Failed, Loading } from './components/page';
import { chooseLang, lang, LANGS, t, useAccountLocale, type Lang } from './i18n/index';
import { Forbidden, NotFound } from './pages/errors/errors';
import { HomePage } from './pages/home/home';
import { HoursPage } from './pages/hours/hours';
import { LoginPage } from './pages/login/login';
import { PackagesPage } from './pages/packages/packages';
import { TicketPage } from './pages/tickets/detail';
import { NewTicketPage } from './pages/tickets/new';
import { TicketsPage } from './pages/tickets/list';
import { href, route } from './router';

/**
 * The shell: header (account, navigation, language, sign-out) around the page the hash route names.
 * Customers get their pages; every other role gets the staff console, a separate chunk loaded on demand.
 */
const LANG_NAMES: Record<Lang, string> = { it: 'Italiano', en: 'English' };

const Console = signal<ComponentType | undefined>(undefined);
const consoleFailed = signal(false);
function loadConsole() {
  if (Console.value) return;
  import('./pages/console/console').then(
    (mod) => (Console.value = mod.default),
    () => (consoleFailed.value = true),
  );
}

/** The help pages (FAQ, "Cosa è incluso"): long texts in both languages, so their own chunk, loaded on demand. */
const Help = signal<typeof import('./pages/help/help') | undefined>(undefined);
const helpFailed = signal(false);
function loadHelp() {
  if (Help.value) return;
  import('./pages/help/help').then(
    (mod) => (Help.value = mod),
    () => (helpFailed.value = true),
  );
}

function HelpPage(props: { which: 'faq' | 'included' }) {
  loadHelp();
  if (helpFailed.value) return <Failed onRetry={() => location.reload()} />;
  const mod = Help.value;
  if (!mod) return <Loading />;
  return props.which === 'faq' ? <mod.FaqPage /> : <mod.IncludedPage />;
}

const meFailed = signal(false);

function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t.value.language}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang.value === l} onClick={() => chooseLang(l)}>
          {LANG_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

function Header() {
  const m = t.value;
  const who = me.value;
  const r = route.value.page;
  const customer = who?.role === 'customer';
  return (
    <header class="site-header">
      <div class="site-header-inner">
        <a class="brand" href={href('/')}>
          {who && !customer ? m.consoleTitle : m.appName}
        </a>
        {who && (
          <p class="account">
            {/* A customer sees its account; staff see who they are signed in as (they act on every account). */}
            {who.customer?.name ?? who.username}
            <span class="visually-hidden"> · {m.signedInAs(who.username)}</span>
          </p>
        )}
        <LanguageSwitch />
        {who && (
          <button type="button" class="button-secondary" onClick={() => void signOut()}>
            {m.signOut}
          </button>
        )}
      </div>
      {who && customer && (
        <nav aria-label={m.mainNav} class="site-nav">
          <ul>
            <li>
              <a href={href('/')} aria-current={r === 'home' ? 'page' : undefined}>
                {m.navHome}
              </a>
            </li>
            <li>
              <a href={href('/tickets')} aria-current={r === 'tickets' || r === 'ticket' ? 'page' : undefined}>
                {m.navTickets}
              </a>
            </li>
            <li>
              <a href={href('/tickets/new')} aria-current={r === 'new-ticket' ? 'page' : undefined}>
                {m.pages_navNewTicket}
              </a>
            </li>
            <li>
              <a href={href('/packages')} aria-current={r === 'packages' ? 'page' : undefined}>
                {m.pages_navPackages}
              </a>
            </li>
            <li>
              <a href={href('/hours')} aria-current={r === 'hours' ? 'page' : undefined}>
                {m.navHours}
              </a>
            </li>
            <li>
              <a href={href('/included')} aria-current={r === 'included' ? 'page' : undefined}>
                {m.navIncluded}
              </a>
            </li>
            <li>
              <a href={href('/faq')} aria-current={r === 'faq' ? 'page' : undefined}>
                {m.navFaq}
              </a>
            </li>
          </ul>
        </nav>
      )}
    </header>
  );
}

function CustomerPage() {
  const r = route.value;
  switch (r.page) {
    case 'home':
      return <HomePage />;
    case 'tickets':
      return <TicketsPage />;
    case 'ticket':
      return <TicketPage key={r.id} id={r.id} />;
    case 'new-ticket':
      return <NewTicketPage />;
    case 'packages':
      return <PackagesPage />;
    case 'hours':
      return <HoursPage key={r.month ?? ''} month={r.month} />;
    case 'faq':
      return <HelpPage which="faq" />;
    case 'included':
      return <HelpPage which="included" />;
    case 'console':
      return <Forbidden />;
    default:
      return <NotFound />;
  }
}

function StaffPage() {
  if (route.value.page === 'not-found') return <NotFound />;
  loadConsole();
  if (consoleFailed.value) return <Failed onRetry={() => location.reload()} />;
  const C = Console.value;
  return C ? <C /> : <Loading />;
}

function Body() {
  if (!tokens.value) return <LoginPage />;
  const who = me.value;
  if (!who) return meFailed.value ? <Failed onRetry={() => location.reload()} /> : <Loading />;
  return who.role === 'customer' ? <CustomerPage /> : <StaffPage />;
}

export function App() {
  const signedIn = tokens.value !== undefined;
  useEffect(() => {
    if (!signedIn) return;
    meFailed.value = false;
    getMe().then(
      (who) => useAccountLocale(who.customer?.locale),
      () => (meFailed.value = true),
    );
  }, [signedIn]);
  // In the same commit as the text (not after paint), so a screen reader never reads English with lang="it".
  useLayoutEffect(() => {
    document.documentElement.lang = lang.value;
  }, [lang.value]);
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t.value.skipToContent}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Body />
      </main>
    </>
  );
}
