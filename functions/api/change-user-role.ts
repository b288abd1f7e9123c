import type { CallerDirectory } from '#core/accounts/caller';
import { changeUserRole, userView, type UserAdminDeps } from '#core/accounts/user-admin';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { CognitoIdentityProvider } from '#adapters/cognito';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { userRoleBody, usernameFrom } from './schemas';

/**
 * PUT /admin/users/{username}/role `{role}`: a staff user's new staff role. The old rights end on every
 * route within the caller cache's TTL (≤ 60 s), whatever token the user holds. 200 with the user; a
 * customer user → 409 (see `changeUserRole`).
 */
export const makeChangeUserRole = (deps: UserAdminDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'change-user-role', body: userRoleBody, callers: deps.callers }, async ({ body, path, caller }) => {
    const username = usernameFrom(path);
    return { status: 200, body: userView(await changeUserRole(deps, caller, username, body.role)) };
  });

export const handler = makeChangeUserRole({
  accounts: new DynamoAccountStore(env.tableName),
  identities: new CognitoIdentityProvider(env.userPoolId),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
