/**
 * The worklog's start/stop timer: the start instant lives in this tab's sessionStorage, one per ticket, so a
 * reload (or a sign-in again) keeps it running. Stopping rounds the elapsed time to whole minutes, at
 * least one (the API takes whole minutes ≥ 1).
 */
const key = (ticketId: string) => `monteore.console.timer.${ticketId}`;

export function timerStartedAt(ticketId: string): number | undefined {
  try {
    const raw = sessionStorage.getItem(key(ticketId));
    const at = raw === null ? NaN : Number(raw);
    return Number.isFinite(at) ? at : undefined;
  } catch {
    return undefined;
  }
}

export function startTimer(ticketId: string, now = Date.now()): number {
  try {
    sessionStorage.setItem(key(ticketId), String(now));
  } catch {
    // storage disabled: the timer lives as long as the page
  }
  return now;
}

/** Stops the timer: the whole minutes it ran (rounded to the nearest, at least 1, at most a day). */
export function stopTimer(ticketId: string, startedAt: number, now = Date.now()): number {
  try {
    sessionStorage.removeItem(key(ticketId));
  } catch {
    // nothing stored
  }
  return elapsedMinutes(startedAt, now);
}

export function elapsedMinutes(startedAt: number, now: number): number {
  return Math.min(24 * 60, Math.max(1, Math.round((now - startedAt) / 60_000)));
}

/** `4:07`, `1:02:09`: what the running timer shows. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}
