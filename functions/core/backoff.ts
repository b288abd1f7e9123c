/**
 * "Full jitter" backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): attempt i (from 0) waits a
 * random time in [0, min(cap, base·2^i)) ms, which spreads contending retries out best. The one backoff of the
 * code base: the hours use cases' re-plans (`hours/commit.ts`) and the DynamoDB adapters' retries use it.
 */
export const backoffMs = (attempt: number, limits: { baseMs: number; capMs: number }, random: () => number = Math.random): number =>
  random() * Math.min(limits.capMs, limits.baseMs * 2 ** attempt);
