import type { AccountStore } from '#core/ports';
import { balanceFromEntries } from '#core/ledger';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';

/** GET /me: the caller from its token, and for a customer user its account and balance. */
export const makeGetMe = (deps: { accounts: AccountStore }) =>
  httpHandler({ route: 'get-me' }, async ({ principal }) => {
    const { username, roles } = principal!;
    const role = roles[0]!;
    const user = await deps.accounts.getUser(username);
    if (!user?.customerId) return { status: 200, body: { username, role } };
    const [customer, entries] = await Promise.all([deps.accounts.getCustomer(user.customerId), deps.accounts.listEntries(user.customerId)]);
    if (!customer) return { status: 200, body: { username, role } };
    return {
      status: 200,
      body: {
        username,
        role,
        customer: {
          id: customer.id,
          name: customer.name,
          locale: customer.locale,
          hourlyRateCents: customer.hourlyRateCents,
          balance: balanceFromEntries(entries, customer.hourlyRateCents),
        },
      },
    };
  });

export const handler = makeGetMe({ accounts: new DynamoAccountStore(env.tableName) });
