import type { CallerDirectory } from '#core/accounts/caller';
import { enableUser, userView, type UserAdminDeps } from '#core/accounts/user-admin';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { CognitoIdentityProvider } from '#adapters/cognito';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { usernameFrom } from './schemas';

/** POST /admin/users/{username}/enable: the user may log in and act again. 200 with the user; again is a no-op. */
export const makeEnableUser = (deps: UserAdminDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'enable-user', callers: deps.callers }, async ({ path }) => {
    const username = usernameFrom(path);
    return { status: 200, body: userView(await enableUser(deps, username)) };
  });

export const handler = makeEnableUser({
  accounts: new DynamoAccountStore(env.tableName),
  identities: new CognitoIdentityProvider(env.userPoolId),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
