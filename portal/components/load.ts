import { useEffect, useState } from 'preact/hooks';

/** One page's data: loading, loaded or failed, reloaded when `key` changes; a late answer for an old key is dropped. */
export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: unknown };

export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [value, setValue] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setValue({ state: 'loading' });
    load().then(
      (data) => current && setValue({ state: 'ok', data }),
      (error: unknown) => current && setValue({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
    // `key` names what is loaded; `load` is a new closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return value;
}
