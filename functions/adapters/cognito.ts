import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { conflict, invalid } from '#core/errors';
import type { IdentityProvider, NewIdentity } from '#core/ports';
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
}
