import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
  type AuthFlow,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { USER_POOL } from '../definitions';

/** The flags of `USER_POOL.authFlows` as CDK spells them (refresh is always on in CDK). */
const AUTH_FLOWS: Record<(typeof USER_POOL.authFlows)[number], keyof AuthFlow | undefined> = {
  ALLOW_USER_PASSWORD_AUTH: 'userPassword',
  ALLOW_USER_SRP_AUTH: 'userSrp',
  ALLOW_REFRESH_TOKEN_AUTH: undefined,
};

/**
 * Who the users are: one Cognito user pool with a group per role (`USER_POOL.groups`) and the portal's app
 * client. Settings come from `infra/definitions.ts`, which the local bootstrap reads too, so the pool
 * created on cognito-local is this one. The pool holds every login, so it is retained and protected
 * against deletion, and its construct id must never move.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const policy = USER_POOL.passwordPolicy;

    this.userPool = new UserPool(this, 'UserPool', {
      // Staff create every user (POST /admin/users); nobody signs themselves up.
      selfSignUpEnabled: false,
      // Plain usernames (`admin`, `alfa`…), not e-mail addresses, and `Alfa` is `alfa`.
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: policy.minLength,
        requireLowercase: policy.requireLowercase,
        requireDigits: policy.requireDigits,
        requireUppercase: policy.requireUppercase,
        requireSymbols: policy.requireSymbols,
      },
      // Threat protection (compromised-credential and risky sign-in detection) needs the Plus plan;
      // customers can buy hour packages with their login, so it is worth its per-user price.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG1',
      reason:
        'The policy (infra/definitions.ts, shared with the local pool) asks for 12+ characters with a lowercase letter and a digit but no uppercase or symbol: length plus a check against breached passwords (threat protection below, set to block) rather than composition rules, as NIST SP 800-63B 5.1.1.2 recommends.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is off: the portal logs in with USER_PASSWORD_AUTH and has no MFA challenge step yet (nor does cognito-local, which the same portal uses locally). Threat protection is enforced meanwhile; turning MFA on is a portal change first.',
    });

    // Enforced threat protection: a sign-in or password change with a known-breached password is blocked.
    new CfnUserPoolRiskConfigurationAttachment(this, 'RiskConfiguration', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
    });

    for (const group of USER_POOL.groups) {
      new UserPoolGroup(this, `Group-${group}`, { userPool: this.userPool, groupName: group, description: `monteore role ${group}` });
    }

    const authFlows: AuthFlow = Object.fromEntries(USER_POOL.authFlows.flatMap((flow) => (AUTH_FLOWS[flow] ? [[AUTH_FLOWS[flow], true]] : [])));
    this.userPoolClient = this.userPool.addClient('PortalClient', {
      authFlows,
      generateSecret: false, // a browser app cannot keep one
      disableOAuth: true, // no hosted UI: the portal logs in through the Cognito API
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(USER_POOL.accessTokenValidityMinutes),
      idTokenValidity: Duration.minutes(USER_POOL.accessTokenValidityMinutes),
      refreshTokenValidity: Duration.days(USER_POOL.refreshTokenValidityDays),
    });
  }
}
