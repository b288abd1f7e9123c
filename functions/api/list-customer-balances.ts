import type { CallerDirectory } from '#core/accounts/caller';
import { listCustomerBalances, type CustomerBalanceReader } from '#core/ledger/customer-balances';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoCustomerBalances } from '#adapters/dynamodb/customer-balances';
import { secretCursorKey } from '#adapters/cursor-key';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { customerBalancesQuery, DEFAULT_PAGE_SIZE } from './schemas';

/** GET /finance/customers: every account's rate and balances, sorted over all accounts, a page at a time. */
export const makeListCustomerBalances = (deps: { balances: CustomerBalanceReader; now: () => Date; callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-customer-balances', query: customerBalancesQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    const page = await listCustomerBalances(deps, {
      sort: query.sort ?? 'name',
      order: query.order ?? 'asc',
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      ...(query.q ? { q: query.q } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { status: 200, body: page };
  });

export const handler = makeListCustomerBalances({
  balances: new DynamoCustomerBalances(env.tableName),
  now: () => new Date(),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
