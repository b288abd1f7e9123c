// cognito-local 5.3 with two things AWS Cognito does that it lacks, so that off-boarding behaves
// locally as it does on AWS (checked in test/integration/identity.int.test.ts):
// - AdminUserGlobalSignOut (not implemented: it answers 500 "unsupported"): revokes every refresh
//   token of the user, as AWS does; access tokens already issued stay valid until they expire.
// - InitiateAuth ignores `Enabled`: AWS refuses a disabled user's login and refresh with
//   NotAuthorizedException "User is disabled.".
// Then it starts cognito-local exactly as its own bin does.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Targets } = require('cognito-local/lib/targets/targets');
const { NotAuthorizedError, UserNotFoundError } = require('cognito-local/lib/errors');

Targets.AdminUserGlobalSignOut = (services) => async (ctx, req) => {
  const userPool = await services.cognito.getUserPool(ctx, req.UserPoolId);
  const user = await userPool.getUserByUsername(ctx, req.Username);
  if (!user) throw new UserNotFoundError();
  await userPool.saveUser(ctx, { ...user, RefreshTokens: [], UserLastModifiedDate: services.clock.get() });
  return {};
};

const initiateAuth = Targets.InitiateAuth;
Targets.InitiateAuth = (services) => {
  const inner = initiateAuth(services);
  return async (ctx, req) => {
    const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const params = req.AuthParameters ?? {};
    const user =
      req.AuthFlow === 'USER_PASSWORD_AUTH' && params.USERNAME
        ? await userPool.getUserByUsername(ctx, params.USERNAME)
        : (req.AuthFlow === 'REFRESH_TOKEN_AUTH' || req.AuthFlow === 'REFRESH_TOKEN') && params.REFRESH_TOKEN
          ? await userPool.getUserByRefreshToken(ctx, params.REFRESH_TOKEN)
          : null;
    if (user && user.Enabled === false) throw new NotAuthorizedError('User is disabled.');
    return inner(ctx, req);
  };
};

require('cognito-local/lib/bin/start.js');
