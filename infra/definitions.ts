import { PASSWORD_POLICY } from '../functions/core/accounts/accounts';
import { ROLES } from '../functions/core/accounts/roles';

/**
 * Names and settings that the CDK app and the local bootstrap both read, so that what runs locally is
 * what is deployed. Table keys live with the DynamoDB adapter (`functions/adapters/dynamodb/table.ts`).
 */
export const USER_POOL = {
  groups: ROLES,
  passwordPolicy: PASSWORD_POLICY,
  /** USER_PASSWORD_AUTH for the portal and scripts, SRP for clients that prefer it. */
  authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const,
  /**
   * Access (and ID) tokens live 15 minutes; the portal refreshes them. API Gateway's JWT authorizer cannot
   * see a revocation, so this bounds how long a token outlives its user in Cognito; the API itself checks
   * the user record behind every token (`functions/core/accounts/caller.ts`), so a disabled or demoted user is
   * refused within a minute whatever its token's lifetime.
   */
  accessTokenValidityMinutes: 15,
  /** Refresh tokens stay long (revoked by the global sign-out of a disabled user). */
  refreshTokenValidityDays: 30,
};

/** The local resource names (on AWS, CloudFormation names them). */
export const LOCAL_NAMES = {
  table: 'monteore',
  bucket: 'monteore-exports',
  userPool: 'monteore',
  userPoolClient: 'monteore-portal',
  region: 'eu-south-1',
  sesFrom: 'assistenza@monteore.example',
  /** The Secrets Manager secret list cursors are signed with (`functions/shared/cursors.ts`). */
  cursorSecret: 'monteore/cursor-key',
};
