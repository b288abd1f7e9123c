import { createClient, type Client } from '#contracts/client';
import { operations } from '#contracts/operations';

/**
 * Logging in and calling the API as a user, the way the portal does: Cognito `InitiateAuth`
 * (USER_PASSWORD_AUTH) over `fetch` against the emulator `/config.json` names, then the typed client from
 * `contracts/`. The one home of both for the integration tests and the benches.
 */
export interface CognitoTarget {
  /** The Cognito endpoint (`cognito.endpoint` of `/config.json`). */
  endpoint: string;
  clientId: string;
}

/** The access token of `username`, or an Error naming the user and what Cognito said. */
export async function cognitoLogin(target: CognitoTarget, username: string, password: string): Promise<{ accessToken: string; idToken: string }> {
  const res = await fetch(target.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: target.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
  });
  const out = (await res.json()) as { AuthenticationResult?: { AccessToken?: string; IdToken?: string }; message?: string };
  const accessToken = out.AuthenticationResult?.AccessToken;
  const idToken = out.AuthenticationResult?.IdToken;
  if (!res.ok || !accessToken || !idToken) throw new Error(`login of ${username} failed: ${res.status} ${out.message ?? JSON.stringify(out)}`);
  return { accessToken, idToken };
}

/**
 * The typed client as one caller, every success body checked against its response schema (a response
 * that drifts from the contract throws). `token` is asked for on each call.
 */
export function typedClient(baseUrl: string, token?: () => string | Promise<string>, onRequest?: () => void): Client {
  const counted: typeof fetch = (input, init) => {
    onRequest?.();
    return fetch(input, init);
  };
  return createClient({ baseUrl, fetch: counted, validate: operations, ...(token ? { token } : {}) });
}
