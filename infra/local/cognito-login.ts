/**
 * Logging in as a user the way the portal does: Cognito `InitiateAuth` (USER_PASSWORD_AUTH) over `fetch`
 * against the emulator (or a pool on AWS). The one home of it for `npm start`'s demo tickets, the tests
 * (`test/support/session.ts` re-exports it) and the benches.
 */
export interface CognitoTarget {
  /** The Cognito endpoint (`cognito.endpoint` of `/config.json`, or the emulator's). */
  endpoint: string;
  clientId: string;
}

/** The tokens of `username`, or an Error naming the user and what Cognito said. */
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
