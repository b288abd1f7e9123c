import type { PortalConfig } from '#contracts/responses';

/**
 * Cognito's user-pool API over plain `fetch` (no AWS SDK in the browser): the same JSON-RPC calls the SDK
 * makes, unsigned, as Cognito allows for InitiateAuth, RespondToAuthChallenge and RevokeToken. cognito-local
 * answers the same calls, with `Access-Control-Allow-Origin: *`.
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since epoch), read from its `exp` claim. */
  expiresAt: number;
}

export type SignInResult = { kind: 'signed-in'; tokens: Tokens } | { kind: 'new-password'; username: string; session: string };

/** What the login form can say. A wrong username and a wrong password are the same `wrong-credentials`. */
export type AuthErrorCode = 'wrong-credentials' | 'password-rejected' | 'too-many-attempts' | 'session-expired' | 'unavailable';

export class AuthError extends Error {
  constructor(readonly code: AuthErrorCode, message?: string) {
    super(message ?? code);
    this.name = 'AuthError';
  }
}

interface AuthResponse {
  AuthenticationResult?: { AccessToken: string; RefreshToken?: string; ExpiresIn?: number };
  ChallengeName?: string;
  Session?: string;
}

/**
 * `InvalidPasswordException` means "this new password breaks the policy" when choosing a password, but
 * cognito-local also answers it to a wrong password at sign-in (AWS answers NotAuthorizedException): at
 * sign-in it is a wrong password like any other.
 */
async function call(config: PortalConfig, target: string, body: unknown, choosingPassword = false): Promise<AuthResponse> {
  let res: Response;
  try {
    res = await fetch(config.cognito.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify(body),
    });
  } catch {
    throw new AuthError('unavailable');
  }
  const json = (await res.json().catch(() => ({}))) as AuthResponse & { __type?: string; message?: string };
  if (res.ok) return json;
  // `__type` may carry a prefix (`CognitoLocal#…`, `com.amazonaws…#…`).
  const type = (json.__type ?? '').split('#').pop() ?? '';
  const message = json.message ?? '';
  if (type === 'TooManyRequestsException' || type === 'LimitExceededException' || /attempts exceeded/i.test(message)) throw new AuthError('too-many-attempts', message);
  // UserNotFoundException is folded into the wrong-password answer: the form never reveals who exists.
  if (type === 'NotAuthorizedException' || type === 'UserNotFoundException') throw new AuthError('wrong-credentials', message);
  if (type === 'InvalidPasswordException' || type === 'InvalidParameterException') throw new AuthError(choosingPassword ? 'password-rejected' : 'wrong-credentials', message);
  throw new AuthError('unavailable', `${type} ${message}`);
}

/** The `exp` claim of a JWT, in ms. */
function expiryOf(jwt: string): number {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const exp = (JSON.parse(json) as { exp?: number }).exp;
  return typeof exp === 'number' ? exp * 1000 : Date.now() + 3_600_000;
}

function tokensFrom(res: AuthResponse, previousRefresh?: string): Tokens {
  const r = res.AuthenticationResult!;
  return { accessToken: r.AccessToken, refreshToken: r.RefreshToken ?? previousRefresh ?? '', expiresAt: expiryOf(r.AccessToken) };
}

function outcome(res: AuthResponse, username: string): SignInResult {
  if (res.AuthenticationResult) return { kind: 'signed-in', tokens: tokensFrom(res) };
  if (res.ChallengeName === 'NEW_PASSWORD_REQUIRED' && res.Session) return { kind: 'new-password', username, session: res.Session };
  throw new AuthError('unavailable', `unsupported challenge ${res.ChallengeName ?? '(none)'}`);
}

export async function signIn(config: PortalConfig, username: string, password: string): Promise<SignInResult> {
  const res = await call(config, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.cognito.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } });
  return outcome(res, username);
}

/** Invited users sign in with a temporary password; Cognito then asks for their own. */
export async function completeNewPassword(config: PortalConfig, username: string, session: string, newPassword: string): Promise<SignInResult> {
  const res = await call(config, 'RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: config.cognito.clientId,
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
  }, true);
  return outcome(res, username);
}

export async function refreshTokens(config: PortalConfig, refreshToken: string): Promise<Tokens> {
  try {
    const res = await call(config, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: config.cognito.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } });
    return tokensFrom(res, refreshToken);
  } catch (err) {
    if (err instanceof AuthError && err.code === 'wrong-credentials') throw new AuthError('session-expired');
    throw err;
  }
}

/** Best effort: a revoked refresh token cannot mint access tokens any more. */
export async function revoke(config: PortalConfig, refreshToken: string): Promise<void> {
  await call(config, 'RevokeToken', { ClientId: config.cognito.clientId, Token: refreshToken }).catch(() => undefined);
}
