import type { CallerDirectory } from '#core/accounts/caller';
import { updateCustomerFiscalData } from '#core/einvoicing/fiscal-use-cases';
import type { AccountStore } from '#core/ports';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { customerFiscalBody } from './schemas';

/**
 * PATCH /admin/customers/{id}: an account's fiscal data (a value sets a field, null removes it); 200 with
 * the account, whether it is complete for an invoice draft and, if not, which fields are missing.
 */
export const makeUpdateCustomer = (deps: { accounts: AccountStore; now: () => Date; callers: CallerDirectory }) =>
  httpHandler({ route: 'update-customer', body: customerFiscalBody, callers: deps.callers }, async ({ body, path }) => {
    const customer = await updateCustomerFiscalData(deps, path.id!, body);
    return { status: 200, body: customer };
  });

export const handler = makeUpdateCustomer({
  accounts: new DynamoAccountStore(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
