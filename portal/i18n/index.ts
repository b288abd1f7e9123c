import { computed, signal } from '@preact/signals';
import { it } from './it';
import { en } from './en';

/**
 * The catalogues and the formatters. The language is a signal: switching it re-renders every text.
 * Times are shown in Europe/Rome, like the business months; amounts in euro from integer cents.
 */
type Catalogue = typeof it;
/** What every catalogue must provide: the Italian keys, each a string or the same function shape. */
export type Messages = { [K in keyof Catalogue]: Catalogue[K] extends (...args: infer A) => string ? (...args: A) => string : string };
export type Lang = 'it' | 'en';
export const LANGS: readonly Lang[] = ['it', 'en'];

const catalogues: Record<Lang, Messages> = { it, en };
const STORAGE_KEY = 'monteore.lang';

function initialLang(): Lang | undefined {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === 'it' || saved === 'en' ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** The user's explicit choice, if any; otherwise the account's locale decides (`useAccountLocale`). */
const chosen = signal<Lang | undefined>(initialLang());
const accountLocale = signal<Lang>('it');
export const lang = computed<Lang>(() => chosen.value ?? accountLocale.value);
export const t = computed<Messages>(() => catalogues[lang.value]);

export function chooseLang(next: Lang): void {
  chosen.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export function useAccountLocale(locale: string | undefined): void {
  accountLocale.value = locale === 'en' ? 'en' : 'it';
}

const TZ = 'Europe/Rome';
const tag = (l: Lang) => (l === 'it' ? 'it-IT' : 'en-GB');

/** `€ 1.234,56` in Italian, `€1,234.56` in English. */
export function money(cents: number, l: Lang = lang.value): string {
  if (l === 'en') return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);
  // it-IT puts the sign after and drops the separator under 10,000; the Italian convention on screen is `€ 1.234,56`.
  const n = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' }).format(Math.abs(cents) / 100);
  return `${cents < 0 ? '−' : ''}€ ${n}`;
}

/** `30 nov 2026` / `30 Nov 2026`, the day in Rome. */
export function date(iso: string, l: Lang = lang.value): string {
  return new Intl.DateTimeFormat(tag(l), { day: 'numeric', month: 'short', year: 'numeric', timeZone: TZ }).format(new Date(iso));
}

/** `30 nov 2026, 11:00`, Rome time. */
export function dateTime(iso: string, l: Lang = lang.value): string {
  return new Intl.DateTimeFormat(tag(l), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: TZ }).format(new Date(iso));
}

/** `3 h 15 min`, `45 min`, `2 h` (the same in both languages). */
export function duration(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const m = Math.abs(Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${sign}${rest} min`;
  return rest === 0 ? `${sign}${h} h` : `${sign}${h} h ${rest} min`;
}

/**
 * A lazy chunk's own texts (the staff console's areas): Italian is the reference, English must have the
 * same keys and shapes. Returns the catalogue of the current language as a signal, so a chunk's words
 * travel with its code instead of weighing on the customer's entry.
 */
export function defineMessages<T extends Record<string, string | ((...args: never[]) => string)>>(itMessages: T, enMessages: { [K in keyof T]: T[K] }) {
  const byLang: Record<Lang, T> = { it: itMessages, en: enMessages };
  return computed<T>(() => byLang[lang.value]);
}
