import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inject } from 'vitest';
import { importJWK, SignJWT, type JWK } from 'jose';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_PASSWORD } from '../../infra/local/seed';
import { notYet, waitFor } from '../support/wait';

/** Helpers for the integration tier: real tokens from the Cognito emulator, HTTP through the local gateway. */
export const apiUrl = inject('apiUrl');
export const stackEnv = inject('env');

const clientConfig = () => ({
  region: stackEnv.AWS_REGION!,
  credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
});

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...clientConfig(), endpoint: stackEnv.AWS_ENDPOINT_URL_DYNAMODB! }));
const cognito = new CognitoIdentityProviderClient({ ...clientConfig(), endpoint: stackEnv.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER! });

const tokens = new Map<string, string>();

/** Logs in through the Cognito emulator (USER_PASSWORD_AUTH) and returns the access token. */
export async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
  const key = `${username}\0${password}`;
  const hit = tokens.get(key);
  if (hit) return hit;
  const out = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stackEnv.USER_POOL_CLIENT_ID!, AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  const token = out.AuthenticationResult!.AccessToken!;
  tokens.set(key, token);
  return token;
}

/** The ID token, which must not be accepted by the API. */
export async function idToken(username: string, password = DEMO_PASSWORD): Promise<string> {
  const out = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stackEnv.USER_POOL_CLIENT_ID!, AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  return out.AuthenticationResult!.IdToken!;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the API. `as` is a username (logged in with the demo password) or a raw token. */
export async function api<T = any>(
  method: string,
  path: string,
  options: { as?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token ?? (options.as ? await login(options.as) : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${apiUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: (type.includes('json') && text ? JSON.parse(text) : text) as T };
}

async function scanTable(): Promise<string[]> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await ddb.send(new ScanCommand({ TableName: stackEnv.TABLE_NAME!, ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of out.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}

/** Tickets still being worked whose workflow has not parked at AwaitFindings yet (it is about to write its token). */
const unparked = (items: readonly string[]) =>
  items
    .map((i) => JSON.parse(i) as { type?: string; id?: string; status?: string; taskToken?: string })
    .filter((item) => item.type === 'ticket' && (item.status === 'open' || item.status === 'in_progress') && !item.taskToken)
    .map((item) => item.id);

/** The keys of the items in one scan and not the other. */
function changedKeys(a: readonly string[], b: readonly string[]): string[] {
  const key = (i: string) => {
    const { pk, sk } = JSON.parse(i) as { pk: string; sk: string };
    return `${pk} ${sk}`;
  };
  const inA = new Set(a);
  const inB = new Set(b);
  return [...new Set([...a.filter((i) => !inB.has(i)), ...b.filter((i) => !inA.has(i))].map(key))];
}

/**
 * Every item in the table, once the background work of earlier requests (each new ticket's workflow
 * parking its task token) has settled: two scans in a row are the same and no ticket is waiting to
 * park. The "nothing changed" check of the 4xx tests. Tests only; never on a request path.
 */
export async function tableSnapshot(): Promise<string[]> {
  let previous: string[] | undefined;
  return waitFor('the table to settle before a snapshot', async () => {
    const current = await scanTable();
    const before = previous;
    previous = current;
    if (!before) return notYet('to be scanned a second time');
    const waiting = unparked(current);
    const changed = changedKeys(before, current);
    if (!waiting.length && !changed.length) return current;
    return notYet(
      waiting.length
        ? `tickets whose workflow has not parked its task token: ${waiting.join(', ')}`
        : `items changing between two scans: ${changed.slice(0, 10).join('; ')}${changed.length > 10 ? ` and ${changed.length - 10} more` : ''}`,
    );
  });
}

export async function queryPk(pk: string) {
  const out = await ddb.send(new QueryCommand({ TableName: stackEnv.TABLE_NAME!, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
  return out.Items ?? [];
}

/**
 * Signs a token with cognito-local's own fixed key, so tests can build tokens that are correctly signed
 * but wrong in one claim (expired, another issuer, another client).
 */
export async function forgeToken(claims: Record<string, unknown>, options: { expiresIn?: string | number; kid?: string } = {}): Promise<string> {
  const require = createRequire(import.meta.url);
  const { jwk } = JSON.parse(readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')) as { jwk: JWK };
  const key = await importJWK(jwk, 'RS256');
  const issuer = `${stackEnv.COGNITO_PUBLIC_ENDPOINT}/${stackEnv.USER_POOL_ID}`;
  const jwt = new SignJWT({ token_use: 'access', client_id: stackEnv.USER_POOL_CLIENT_ID, username: 'admin', sub: 'forged', 'cognito:groups': ['admin'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'CognitoLocal' })
    .setIssuedAt()
    .setIssuer((claims.iss as string | undefined) ?? issuer);
  jwt.setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(key);
}

export const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const sesUrl = inject('sesUrl');

export interface CapturedEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

/** Mail captured by the SES emulator (its `GET /store`). */
export async function mailbox(to?: string): Promise<CapturedEmail[]> {
  const res = await fetch(`${sesUrl}/store`);
  const { emails } = (await res.json()) as { emails: CapturedEmail[] };
  return to ? emails.filter((e) => e.destination.to.includes(to)) : emails;
}

/** Takes the SES emulator down or brings it back (it lives in the global setup's process). */
export async function ses(action: 'stop' | 'start'): Promise<void> {
  const res = await fetch(`${inject('controlUrl')}/ses/${action}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`ses ${action}: ${res.status}`);
}
