import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from '#contracts/vocabulary';
import { consoleHref, type AreaId } from '../areas';
import { am } from './i18n';

/**
 * What the admin's two lists share: a list read a page at a time ("show more" appends the next page,
 * with the cursor the API gave), a search form whose text lives in the address (`?q=`), and the locale
 * choice of the customer forms.
 */
export type Pages<T> =
  | { state: 'loading'; retry: () => void }
  | { state: 'error'; retry: () => void }
  | { state: 'ok'; items: T[]; more: (() => void) | undefined; loadingMore: boolean; retry: () => void; replace: (item: T, same: (a: T) => boolean) => void };

export function usePages<T>(load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>, key: string): Pages<T> {
  const [state, setState] = useState<{ status: 'loading' | 'error' | 'ok'; items: T[]; next?: string | undefined; loadingMore: boolean }>({ status: 'loading', items: [], loadingMore: false });
  const [attempt, setAttempt] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    const mine = ++current.current;
    setState({ status: 'loading', items: [], loadingMore: false });
    load(undefined).then(
      (page) => mine === current.current && setState({ status: 'ok', items: page.items, next: page.nextCursor, loadingMore: false }),
      () => mine === current.current && setState({ status: 'error', items: [], loadingMore: false }),
    );
    // `key` names the list; `load` is a new closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const retry = () => setAttempt((n) => n + 1);
  if (state.status === 'loading') return { state: 'loading', retry };
  if (state.status === 'error') return { state: 'error', retry };
  const more = state.next
    ? () => {
        if (state.loadingMore) return;
        const mine = current.current;
        setState((s) => ({ ...s, loadingMore: true }));
        load(state.next).then(
          (page) => mine === current.current && setState((s) => ({ status: 'ok', items: [...s.items, ...page.items], next: page.nextCursor, loadingMore: false })),
          () => mine === current.current && setState((s) => ({ ...s, loadingMore: false })),
        );
      }
    : undefined;
  const replace = (item: T, same: (a: T) => boolean) => setState((s) => ({ ...s, items: s.items.map((x) => (same(x) ? item : x)) }));
  return { state: 'ok', items: state.items, more, loadingMore: state.loadingMore, retry, replace };
}

export function MoreButton<T>(props: { pages: Extract<Pages<T>, { state: 'ok' }> }) {
  if (!props.pages.more) return null;
  return (
    <p>
      <button type="button" class="button-secondary" disabled={props.pages.loadingMore} onClick={props.pages.more}>
        {am.value.loadMore}
      </button>
    </p>
  );
}

/** A search by the start of a name: submitting puts `?q=` in the address (shareable, back button works). */
export function SearchForm(props: { area: AreaId; id: string; label: string; hint: string; q: string }) {
  const a = am.value;
  // The field starts from the address's search; when that changes the caller re-keys this form (key={q}). No
  // effect resets it: one that ran after the first paint would wipe what a fast typist already entered.
  const [text, setText] = useState(props.q);
  const go = (q: string) => (location.hash = consoleHref(props.area, [], q ? new URLSearchParams({ q }) : undefined));
  return (
    <form
      class="search-form"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        go(text.trim());
      }}
    >
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      <div class="search-row">
        <input type="search" id={props.id} name="q" aria-describedby={`${props.id}-hint`} value={text} maxLength={100} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit">{a.search}</button>
        {props.q && (
          <button type="button" class="button-secondary" onClick={() => go('')}>
            {a.clearSearch}
          </button>
        )}
      </div>
    </form>
  );
}

export function LocaleChoice(props: { value: Locale; error?: string | undefined; onChange: (locale: Locale) => void }) {
  const a = am.value;
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <fieldset class="radios radios-inline" aria-describedby={props.error ? 'locale-error' : undefined}>
        <legend>{a.locale}</legend>
        {props.error && (
          <p class="error-message" id="locale-error">
            {props.error}
          </p>
        )}
        {(['it', 'en'] as const).map((l) => (
          <div class="radio" key={l}>
            <input type="radio" name="locale" id={l === 'it' ? 'locale' : `locale-${l}`} value={l} checked={props.value === l} onChange={() => props.onChange(l)} />
            <label for={l === 'it' ? 'locale' : `locale-${l}`}>{l === 'it' ? a.localeIt : a.localeEn}</label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}
