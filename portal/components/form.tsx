import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { t } from '../i18n/index';

/**
 * Forms as GOV.UK builds them: an error summary at the top that links to each field, the message beside
 * the field in plain words, and the server's problem+json `errors[].path` mapped to the field it names,
 * in the user's language (the server's English text is never shown as is).
 */
export type FieldErrors = Record<string, string | undefined>;

export function ErrorSummary(props: { errors: FieldErrors; general?: string | undefined; labels: Record<string, string>; focusKey: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(props.errors).filter(([, v]) => v);
  const shown = entries.length > 0 || !!props.general;
  useEffect(() => {
    if (shown && props.focusKey > 0) ref.current?.focus();
  }, [props.focusKey, shown]);
  if (!shown) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t.value.errorSummaryTitle}</h2>
      {props.general && <p>{props.general}</p>}
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, message]) => (
            <li key={field}>
              <a href={`#${field}`} onClick={(e) => (e.preventDefault(), document.getElementById(field)?.focus())}>
                {props.labels[field] ? `${props.labels[field]}: ` : ''}
                {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A labelled field: label, hint, inline error, then the control (which gets `id`, `aria-describedby`). */
export function Field(props: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: (a11y: { id: string; name: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => ComponentChildren }) {
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children({ id: props.id, name: props.id, ...(described ? { 'aria-describedby': described } : {}), ...(props.error ? { 'aria-invalid': 'true' as const } : {}) })}
    </div>
  );
}

/**
 * The field errors of a refused request: each `errors[].path` that names a field of this form gets that
 * field's message in the user's language; anything else becomes the general message. A 401 that could not
 * be refreshed never gets here (the login page takes over and the draft is kept).
 */
export function problemErrors(err: unknown, messages: Record<string, string>): { errors: FieldErrors; general?: string } {
  const m = t.value;
  if (!(err instanceof ApiError)) return { errors: {}, general: m.errorOffline };
  const errors: FieldErrors = {};
  for (const e of err.problem?.errors ?? []) {
    const field = e.path.split('.')[0]!;
    if (field in messages) errors[field] = messages[field];
  }
  if (Object.keys(errors).length) return { errors };
  if (err.status === 409) return { errors: {}, general: m.pages_conflict };
  return { errors: {}, general: err.status >= 500 ? m.errorGeneric : m.pages_refused };
}

/** A draft kept in this tab's sessionStorage, so an expired session (sign in again) loses nothing typed. */
export function readDraft<T>(key: string): Partial<T> {
  try {
    return JSON.parse(sessionStorage.getItem(`monteore.draft.${key}`) ?? '{}') as Partial<T>;
  } catch {
    return {};
  }
}

export function saveDraft(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(`monteore.draft.${key}`, JSON.stringify(value));
  } catch {
    // storage disabled: the draft lives as long as the page
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(`monteore.draft.${key}`);
  } catch {
    // nothing stored
  }
}

/**
 * A form's submit state, said once: the fields the page's own checks found (nothing is sent then), the busy
 * flag, and a refusal mapped per field (`problemErrors`); `focusKey` moves focus to the error summary each time
 * there is something to read. `onRefused` sees the mapped problem first (to reload what may have changed).
 */
export function useSubmit(messages: Record<string, string>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  async function submit(found: FieldErrors, action: () => Promise<void>, onRefused?: (mapped: ReturnType<typeof problemErrors>) => void): Promise<void> {
    setErrors(found);
    setGeneral(undefined);
    if (Object.keys(found).length) return setFocusKey((k) => k + 1);
    setBusy(true);
    try {
      await action();
    } catch (err) {
      const mapped = problemErrors(err, messages);
      onRefused?.(mapped);
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }
  return { errors, general, focusKey, busy, submit };
}
