import type { CallerDirectory } from '#core/accounts/caller';
import { updateCustomerFiscalData } from '#core/einvoicing/fiscal-use-cases';
import type { AccountStore } from '#core/ports';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { updateCustomerBody } from './schemas';

/**
 * PATCH /admin/customers/{id}: an account's name, billing email, locale and fiscal data (a value sets a
 * field, null removes a fiscal one; a new name moves the account in the admin's list); 200 with
 * the account, whether it is complete for an invoice draft and, if not, which fields are missing.
 */
export const makeUpdateCustomer = (deps: { accounts: AccountStore; now: () => Date; callers: CallerDirectory }) =>
  httpHandler({ route: 'update-customer', body: updateCustomerBody, callers: deps.callers }, async ({ body, path }) => {
    const customer = await updateCustomerFiscalData(deps, path.id!, body);
    return { status: 200, body: customer };
  });

export const handler = makeUpdateCustomer({
  accounts: new DynamoAccountStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
