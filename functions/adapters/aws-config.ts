/**
 * What every AWS SDK client of the functions is built with, in one place: no call may hang a step or a
 * request (the SDK's defaults have no timeout at all), and retries are few and bounded — the state
 * machine's Retry and the caller retry on top, so an SDK that retried for long would only stack delays.
 *
 * - connecting: `CONNECT_TIMEOUT_MS`, then `TimeoutError` (retryable: nothing was sent);
 * - a whole request: `REQUEST_TIMEOUT_MS`, then `TimeoutError` (the SDK retries it; every write of ours
 *   is conditional or carries an idempotency token, so a retried write cannot apply twice) — except
 *   streamed S3 bodies, bounded by an idle-socket timeout instead, and SES, which is never retried by
 *   the SDK (a SendEmail retried after a timeout could send the email twice: `core/notifications/send.ts` decides);
 * - attempts: `MAX_ATTEMPTS` in all, the SDK's standard mode (exponential backoff with full jitter).
 */
export const CONNECT_TIMEOUT_MS = 3_000;
export const REQUEST_TIMEOUT_MS = 10_000;
export const MAX_ATTEMPTS = 3;

export interface ClientOptions {
  /** @default MAX_ATTEMPTS */
  maxAttempts?: number;
  /** Streams (S3 bodies): bound idleness rather than the whole request. */
  streaming?: boolean;
}

export function clientConfig(options: ClientOptions = {}) {
  return {
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    retryMode: 'standard',
    requestHandler: options.streaming
      ? { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: REQUEST_TIMEOUT_MS }
      : { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
  } as const;
}
