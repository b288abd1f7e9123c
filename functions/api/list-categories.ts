import type { CallerDirectory } from '#core/accounts/caller';
import { CATEGORIES } from '#core/tickets/categories';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /categories: the letter's schema of what is included and what is billable. */
export const makeListCategories = (deps: { callers: CallerDirectory }) =>
  httpHandler({ route: 'list-categories', callers: deps.callers }, async () => ({ status: 200, body: CATEGORIES }));

export const handler = makeListCategories({ callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds) });
