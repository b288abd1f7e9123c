import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { conflict, invalid, notFound } from '#core/errors';
import type { IdentityProvider, NewIdentity } from '#core/ports';
import { isRole, type Role } from '#core/accounts/roles';

const isUserNotFound = (err: unknown) => (err as Error).name === 'UserNotFoundException';
import { clientConfig } from './aws-config';

let client: CognitoIdentityProviderClient | undefined;
const cognito = () => (client ??= new CognitoIdentityProviderClient(clientConfig()));

/** Cognito user pool as the identity provider; the endpoint comes from `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` locally. */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(private readonly userPoolId: string) {}

  async createUser(identity: NewIdentity): Promise<{ sub: string }> {
    let sub: string | undefined;
    try {
      const out = await cognito().send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: identity.username,
          UserAttributes: [
            { Name: 'email', Value: identity.email },
            { Name: 'email_verified', Value: 'true' },
          ],
          ...(identity.password ? { MessageAction: 'SUPPRESS' } : { DesiredDeliveryMediums: ['EMAIL'] }),
        }),
      );
      sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'UsernameExistsException') throw conflict(`user ${identity.username} already exists`);
      if (name === 'InvalidParameterException') throw invalid((err as Error).message, [{ path: 'username', message: (err as Error).message }]);
      throw err;
    }
    if (!sub) throw new Error(`Cognito returned no sub for ${identity.username}`);
    if (identity.password) {
      try {
        await cognito().send(
          new AdminSetUserPasswordCommand({ UserPoolId: this.userPoolId, Username: identity.username, Password: identity.password, Permanent: true }),
        );
      } catch (err) {
        if ((err as Error).name === 'InvalidPasswordException') throw invalid((err as Error).message, [{ path: 'password', message: (err as Error).message }]);
        throw err;
      }
    }
    await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: identity.username, GroupName: identity.role }));
    return { sub };
  }

  async disableUser(username: string): Promise<void> {
    try {
      await cognito().send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
      await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (err) {
      // Deleted in Cognito meanwhile: nobody can log in as it, which is what disabling asks.
      if (!isUserNotFound(err)) throw err;
    }
  }

  async enableUser(username: string): Promise<void> {
    try {
      await cognito().send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (err) {
      if (isUserNotFound(err)) throw notFound(`user ${username}`);
      throw err;
    }
  }

  async setRole(username: string, role: Role): Promise<void> {
    try {
      // Added first, so the user is never in no role group; then out of every other role group.
      await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role }));
      const out = await cognito().send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: username, Limit: 60 }));
      for (const group of out.Groups ?? []) {
        const name = group.GroupName ?? '';
        if (name !== role && isRole(name)) {
          await cognito().send(new AdminRemoveUserFromGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: name }));
        }
      }
    } catch (err) {
      // Deleted in Cognito meanwhile: its tokens already die on its record, which says the new role.
      if (!isUserNotFound(err)) throw err;
    }
  }
}
