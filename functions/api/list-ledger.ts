import type { CallerDirectory } from '#core/accounts/caller';
import { type LedgerDeps } from '#core/hours/commit';
import { hoursAccount, listLedger } from '#core/hours/reads';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import type { TicketStore } from '#core/ports';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { secretCursorKey } from '#adapters/cursor-key';
import { DEFAULT_PAGE_SIZE, ledgerQuery } from './schemas';

/** GET /ledger: a page of the own account's entries (a ticket's with its `ticketNumber`), newest first, ?from= (inclusive) ?to= (exclusive); finance/admin: ?customerId=. */
export const makeListLedger = (deps: Pick<LedgerDeps, 'ledger' | 'accounts'> & { tickets?: Pick<TicketStore, 'numbers'>; callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-ledger', query: ledgerQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query, caller }) => {
    const { customerId, limit, ...range } = query;
    const page = await listLedger(deps, hoursAccount(caller, customerId), { ...range, limit: limit ?? DEFAULT_PAGE_SIZE });
    return { status: 200, body: page };
  });

export const handler = makeListLedger({
  ledger: new DynamoLedgerStore(env.tableName),
  accounts: new DynamoAccountStore(env.tableName),
  tickets: new DynamoTicketStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
