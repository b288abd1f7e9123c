import type { CallerDirectory } from '#core/accounts/caller';
import { invalid } from '#core/errors';
import type { AccountStore, IdentityProvider } from '#core/ports';
import { userView } from '#core/accounts/user-admin';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { CognitoIdentityProvider } from '#adapters/cognito';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { createUserBody } from './schemas';

/**
 * POST /admin/users: checks everything that can be refused first (the account exists, customers name
 * one and staff do not), then creates the Cognito user in its group and links its subject to its role
 * and account. Cognito refuses a username that exists, so a username seen before belonged to a user
 * deleted since: its old subject is retired with the new record (its tokens are refused from then on).
 */
export const makeCreateUser = (deps: { accounts: AccountStore; identities: IdentityProvider; callers: CallerDirectory; now: () => Date }) =>
  httpHandler({ route: 'create-user', body: createUserBody, callers: deps.callers }, async ({ body }) => {
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
      enabled: true,
      createdAt: deps.now().toISOString(),
    };
    await deps.accounts.createUser(user);
    return { status: 201, body: userView(user) };
  });

export const handler = makeCreateUser({
  accounts: new DynamoAccountStore(env.tableName),
  identities: new CognitoIdentityProvider(env.userPoolId),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
