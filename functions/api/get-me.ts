import type { AccountStore, LedgerStore } from '#core/ports';
import { readBalance } from '#core/hours';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';

/** GET /me: the caller from its token, and for a customer user its account and balance. */
export const makeGetMe = (deps: { accounts: AccountStore; ledger: LedgerStore; now: () => Date }) =>
  httpHandler({ route: 'get-me' }, async ({ principal }) => {
    const { username, roles } = principal!;
    const role = roles[0]!;
    const user = await deps.accounts.getUser(username);
    if (!user?.customerId) return { status: 200, body: { username, role } };
    const customer = await deps.accounts.getCustomer(user.customerId);
    if (!customer) return { status: 200, body: { username, role } };
    const balance = await readBalance(deps, customer.id);
    return {
      status: 200,
      body: { username, role, customer: { id: customer.id, name: customer.name, locale: customer.locale, hourlyRateCents: customer.hourlyRateCents, balance } },
    };
  });

export const handler = makeGetMe({ accounts: new DynamoAccountStore(env.tableName), ledger: new DynamoLedgerStore(env.tableName), now: () => new Date() });
