import { invalid } from '#core/errors';
import type { AccountStore, IdentityProvider } from '#core/ports';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { CognitoIdentityProvider } from '#adapters/cognito';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';
import { createUserBody } from './schemas';

/**
 * POST /admin/users: checks everything that can be refused first (the account exists, customers name
 * one and staff do not), then creates the Cognito user in its group and links it to its account.
 */
export const makeCreateUser = (deps: { accounts: AccountStore; identities: IdentityProvider; now: () => Date }) =>
  httpHandler({ route: 'create-user', body: createUserBody }, async ({ body }) => {
    if (body.role === 'customer' && !body.customerId) {
      throw invalid('customerId is required for a customer user', [{ path: 'customerId', message: 'is required when role is customer' }]);
    }
    if (body.role !== 'customer' && body.customerId) {
      throw invalid('only customer users belong to an account', [{ path: 'customerId', message: 'must be absent for staff roles' }]);
    }
    if (body.customerId && !(await deps.accounts.getCustomer(body.customerId))) {
      throw invalid(`customer ${body.customerId} does not exist`, [{ path: 'customerId', message: 'no such customer' }]);
    }
    const { sub } = await deps.identities.createUser(body);
    const user = {
      username: body.username,
      sub,
      email: body.email,
      role: body.role,
      ...(body.customerId ? { customerId: body.customerId } : {}),
      createdAt: deps.now().toISOString(),
    };
    await deps.accounts.putUser(user);
    return { status: 201, body: user };
  });

export const handler = makeCreateUser({
  accounts: new DynamoAccountStore(env.tableName),
  identities: new CognitoIdentityProvider(env.userPoolId),
  now: () => new Date(),
});
