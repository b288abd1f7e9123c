/**
 * The environment, read and checked once. Each value is read on first use so that a function only needs
 * the variables its own route uses (the function construct sets exactly those). Endpoints are never here:
 * the SDK reads `AWS_ENDPOINT_URL_*` itself, which is how the same code reaches the local emulators.
 */
const cache = new Map<string, string>();

function required(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  cache.set(name, value);
  return value;
}

export const env = {
  /** The single DynamoDB table (tickets, ledger, accounts, exports). */
  get tableName() {
    return required('TABLE_NAME');
  },
  /** The exports bucket. */
  get bucketName() {
    return required('BUCKET_NAME');
  },
  get userPoolId() {
    return required('USER_POOL_ID');
  },
  get userPoolClientId() {
    return required('USER_POOL_CLIENT_ID');
  },
  /** The Cognito endpoint the browser logs in against (the regional one on AWS). */
  get cognitoPublicEndpoint() {
    return required('COGNITO_PUBLIC_ENDPOINT');
  },
  /** The API's public base URL, as the portal should call it. */
  get apiBase() {
    return required('API_BASE');
  },
  get portalUrl() {
    return required('PORTAL_URL');
  },
  /** The ticket workflow's state machine (functions that start executions). */
  get stateMachineArn() {
    return required('STATE_MACHINE_ARN');
  },
  /** The verified SES identity customer emails come from. */
  get sesFrom() {
    return required('SES_FROM');
  },
  /**
   * How long a caller lookup (the user record behind a token) may be reused, in seconds: 0 to 60.
   * @default 60; the local test stack sets it low so tests of a disabled user need not wait a minute.
   */
  get callerCacheTtlSeconds() {
    const raw = process.env.CALLER_CACHE_TTL_SECONDS;
    if (raw === undefined || raw === '') return 60;
    const seconds = Number(raw);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 60) throw new Error(`CALLER_CACHE_TTL_SECONDS must be an integer from 0 to 60, not ${raw}`);
    return seconds;
  },
  /** The Secrets Manager secret list cursors are signed with (functions that page). */
  get cursorSecretId() {
    return required('CURSOR_SECRET_ID');
  },
  get region() {
    return process.env.AWS_REGION ?? 'eu-south-1';
  },
};
