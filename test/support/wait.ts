/**
 * The one way tests wait for background work (a workflow closing a ticket, a copy of `npm start` coming
 * up, a task parking its token): poll a condition until it holds or a deadline passes. Never a fixed
 * sleep and never a fixed window that a loaded machine can miss: the deadline is generous, and when it
 * passes the error says what is still stuck and where, as the probe last saw it.
 */

/** What a probe returns while its condition does not hold yet: what is stuck, and where. */
export class NotYet {
  constructor(readonly stuck: string) {}
}

export const notYet = (stuck: string) => new NotYet(stuck);

/**
 * How long a test waits for the local system before calling it stuck. Run alone, the slowest wait (50
 * workflows resumed after a restart) takes about 3 s; on two cores shared with other suites and a first
 * run that compiles, ten times that. Twice that again, so a slow machine is never taken for a stuck one.
 */
export const DEADLINE_MS = 120_000;

/**
 * Polls `probe` (at once, then every 25 ms growing to 500 ms) until it returns something other than
 * `NotYet`, and returns that. A probe that throws fails the wait at once: an error is not "not yet".
 * After `timeoutMs` it throws an error naming `what` and the probe's last `stuck`.
 */
export async function waitFor<T>(what: string, probe: () => T | NotYet | Promise<T | NotYet>, options: { timeoutMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEADLINE_MS;
  const started = performance.now();
  let interval = 25;
  for (;;) {
    const seen = await probe();
    if (!(seen instanceof NotYet)) return seen;
    const elapsed = performance.now() - started;
    if (elapsed >= timeoutMs) {
      throw new Error(`waited ${(elapsed / 1000).toFixed(1)} s for ${what}; still ${seen.stuck}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(interval, timeoutMs - elapsed)));
    interval = Math.min(500, interval * 1.5);
  }
}
