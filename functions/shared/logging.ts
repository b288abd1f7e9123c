import type { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured logger (Powertools; service name and level from `POWERTOOLS_SERVICE_NAME` and
 * `POWERTOOLS_LOG_LEVEL`), loaded on first use: most requests log nothing, and importing it up front
 * was most of a small function's cold start (bench/bundles).
 */
let instance: Promise<Logger> | undefined;

export function logger(): Promise<Logger> {
  instance ??= import('@aws-lambda-powertools/logger').then(({ Logger }) => new Logger());
  return instance;
}
