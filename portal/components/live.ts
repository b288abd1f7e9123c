import { useEffect, useRef, useState } from 'preact/hooks';
import type { Loaded } from './load';

/**
 * Live data for an open page (issue 11 item 11): the first load, then a conditional GET every `everyMs`
 * while the tab is visible (at once when it becomes visible again). An unchanged answer is a 304 with no
 * body, so polling costs a request, not a transfer or a re-render. A failed poll keeps what is shown and
 * tries again at the next tick; only a failed first load is an error. `refresh()` polls now (after a write).
 */
export type Poll<T> = (etag: string | undefined) => Promise<{ changed: false } | { changed: true; body: T; etag: string | undefined }>;

/** Four seconds: a change shows within 10 s even when a poll is slow on a loaded server. */
export const POLL_MS = 4_000;

export function useLive<T>(poll: Poll<T>, key: string, everyMs = POLL_MS): [Loaded<T>, () => Promise<void>] {
  const [value, setValue] = useState<Loaded<T>>({ state: 'loading' });
  const tick = useRef<() => Promise<void>>(async () => undefined);
  useEffect(() => {
    let alive = true;
    let etag: string | undefined;
    let loaded = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<void> | undefined;
    const once = () =>
      (running ??= poll(etag)
        .then(
          (res) => {
            if (!alive || !res.changed) return;
            etag = res.etag;
            loaded = true;
            setValue({ state: 'ok', data: res.body });
          },
          (error: unknown) => {
            if (alive && !loaded) setValue({ state: 'error', error });
          },
        )
        .finally(() => (running = undefined)));
    const schedule = () => {
      clearTimeout(timer);
      if (alive && document.visibilityState === 'visible') timer = setTimeout(() => void once().then(schedule), everyMs);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void once().then(schedule);
      else clearTimeout(timer);
    };
    tick.current = () => once().then(schedule);
    setValue({ state: 'loading' });
    void once().then(schedule);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      alive = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
    // `key` names what is polled; `poll` is a new closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, everyMs]);
  return [value, () => tick.current()];
}
