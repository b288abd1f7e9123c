import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index';

let firstPage = true;

/**
 * A page: its `<h1>`, the document title, and focus moved to the heading after a navigation, so a screen
 * reader announces the new page and the keyboard starts from it (not on the first load: the browser starts
 * at the top anyway).
 */
export function Page(props: { title: string; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t.value.appName}`;
  }, [props.title]);
  // Before paint, so the heading never shows unfocused after a navigation.
  useLayoutEffect(() => {
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {props.title}
      </h1>
      {props.children}
    </>
  );
}

/** Loading and failure, said the same way on every page. */
export function Loading() {
  return (
    <p class="muted" role="status">
      {t.value.loading}
    </p>
  );
}

export function Failed(props: { onRetry?: () => void }) {
  return (
    <div class="banner banner-error" role="alert">
      <p>{t.value.errorGeneric}</p>
      {props.onRetry && (
        <button type="button" class="button-secondary" onClick={props.onRetry}>
          {t.value.retry}
        </button>
      )}
    </div>
  );
}
