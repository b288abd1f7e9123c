import { newCustomer } from '#core/accounts';
import { newId } from '#core/ids';
import type { LedgerEntry } from '#core/ledger';
import type { AccountStore } from '#core/ports';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';
import { createCustomerBody } from './schemas';

/** POST /admin/customers: the account and its free bank, granted by the first ledger entry, in one transaction. */
export const makeCreateCustomer = (deps: { accounts: AccountStore; now: () => Date }) =>
  httpHandler({ route: 'create-customer', body: createCustomerBody }, async ({ body, principal }) => {
    const now = deps.now();
    const customer = newCustomer(body, newId('c', now.getTime()), now);
    const grant: LedgerEntry = {
      id: newId('e', now.getTime()),
      customerId: customer.id,
      at: customer.createdAt,
      bucket: 'free',
      reason: 'grant',
      minutes: customer.freeMinutesGranted,
      note: 'monte ore gratuito iniziale',
      by: principal!.username,
    };
    await deps.accounts.createCustomer(customer, customer.freeMinutesGranted > 0 ? [grant] : []);
    return { status: 201, body: customer, headers: { location: `/admin/customers/${customer.id}` } };
  });

export const handler = makeCreateCustomer({ accounts: new DynamoAccountStore(env.tableName), now: () => new Date() });
