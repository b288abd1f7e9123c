import type { CallerDirectory } from '#core/accounts/caller';
import { createUser, userView, type UserAdminDeps } from '#core/accounts/user-admin';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { CognitoIdentityProvider } from '#adapters/cognito';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { createUserBody } from './schemas';

/** POST /admin/users: a new user, customer (of an account) or staff (`createUser` says what is refused). 201 with the user. */
export const makeCreateUser = (deps: UserAdminDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-user', body: createUserBody, callers: deps.callers }, async ({ body }) => ({ status: 201, body: userView(await createUser(deps, body)) }));

export const handler = makeCreateUser({
  accounts: new DynamoAccountStore(env.tableName),
  identities: new CognitoIdentityProvider(env.userPoolId),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
