import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /config.json: what the portal needs to log in, so the same portal build runs anywhere. */
export const handler = httpHandler({ route: 'get-config' }, async () => ({
  status: 200,
  body: {
    apiBase: env.apiBase,
    cognito: {
      endpoint: env.cognitoPublicEndpoint,
      region: env.region,
      userPoolId: env.userPoolId,
      clientId: env.userPoolClientId,
    },
  },
  headers: { 'cache-control': 'public, max-age=60' },
}));
