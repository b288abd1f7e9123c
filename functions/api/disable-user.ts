import type { CallerDirectory } from '#core/accounts/caller';
import { disableUser, userView, type UserAdminDeps } from '#core/accounts/user-admin';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { CognitoIdentityProvider } from '#adapters/cognito';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { usernameFrom } from './schemas';

/** POST /admin/users/{username}/disable: the user's tokens are refused on every route within the caller cache's TTL (≤ 60 s), Cognito refuses new logins and revokes its refresh tokens. 200 with the user; again is a no-op. */
export const makeDisableUser = (deps: UserAdminDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'disable-user', callers: deps.callers }, async ({ path, caller }) => {
    const username = usernameFrom(path);
    return { status: 200, body: userView(await disableUser(deps, caller, username)) };
  });

export const handler = makeDisableUser({
  accounts: new DynamoAccountStore(env.tableName),
  identities: new CognitoIdentityProvider(env.userPoolId),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
