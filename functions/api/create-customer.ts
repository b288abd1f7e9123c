import type { CallerDirectory } from '#core/accounts/caller';
import { createCustomerAccount } from '#core/hours/use-cases';
import type { AccountStore } from '#core/ports';
import { cachedSettings, type BillingSettings } from '#core/billing/settings';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { createCustomerBody } from './schemas';

/** POST /admin/customers: the account and its free bank, granted by the first ledger entry, in one transaction. */
export const makeCreateCustomer = (deps: { accounts: AccountStore; settings: () => Promise<BillingSettings>; now: () => Date; callers: CallerDirectory }) =>
  httpHandler({ route: 'create-customer', body: createCustomerBody, callers: deps.callers }, async ({ body, caller }) => {
    const customer = await createCustomerAccount(deps, body, caller.username);
    return { status: 201, body: customer, headers: { location: `/admin/customers/${customer.id}` } };
  });

export const handler = makeCreateCustomer({
  accounts: new DynamoAccountStore(env.tableName),
  settings: cachedSettings(new DynamoSettingsStore(env.tableName)),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
