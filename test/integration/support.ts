import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, inject } from 'vitest';
import { importJWK, SignJWT, type JWK } from 'jose';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Client, OperationAt, OperationOutput } from '#contracts/client';
import type { Problem } from '#contracts/problem';
import { problem } from '#contracts/responses';
import { DEMO_PASSWORD } from '../../infra/local/seed';
import { checkAgainstContract, cognitoLogin, typedClient } from '../support/session';

/** Helpers for the integration tier: real tokens from the Cognito emulator, HTTP through the local gateway. */
export const apiUrl = inject('apiUrl');
export const stackEnv = inject('env');

const clientConfig = () => ({
  region: stackEnv.AWS_REGION!,
  credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
});

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...clientConfig(), endpoint: stackEnv.AWS_ENDPOINT_URL_DYNAMODB! }));
const cognito = { endpoint: stackEnv.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER!, clientId: stackEnv.USER_POOL_CLIENT_ID! };

const tokens = new Map<string, string>();

/** Logs in through the Cognito emulator (USER_PASSWORD_AUTH) and returns the access token. */
export async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
  const key = `${username}\0${password}`;
  const hit = tokens.get(key);
  if (hit) return hit;
  const { accessToken } = await cognitoLogin(cognito, username, password);
  tokens.set(key, accessToken);
  return accessToken;
}

/** The ID token, which must not be accepted by the API. */
export async function idToken(username: string, password = DEMO_PASSWORD): Promise<string> {
  return (await cognitoLogin(cognito, username, password)).idToken;
}

/** The typed client of `contracts/` as `username` (demo password unless given), every success body checked against its schema. */
export function as(username: string, password = DEMO_PASSWORD): Client {
  return typedClient(apiUrl, () => login(username, password));
}

/** The typed client with a raw token (or none). */
export function withToken(token?: string): Client {
  return typedClient(apiUrl, token === undefined ? undefined : () => token);
}

/**
 * A response body as a test reads it: the success body of the operation `method path` reaches (known at
 * compile time from a literal or template path), and on a problem the problem+json's fields. A path the
 * compiler cannot place (a plain `string`) gives the problem's fields only.
 */
export type BodyAt<M extends string, P extends string> = [OperationAt<M, P>] extends [never]
  ? Partial<Problem>
  : OperationOutput<OperationAt<M, P>> & Omit<Partial<Problem>, keyof OperationOutput<OperationAt<M, P>>>;

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Calls the API with whatever the test says, malformed or not (a raw body, any method, any header). `as` is
 * a username (logged in with the demo password) or `token` a raw token. A success body is checked against
 * the contract's response schema for that operation.
 */
export async function api<const M extends string, const P extends string>(
  method: M,
  path: P,
  options: { as?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<BodyAt<M, P>>> {
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
  const parsed: unknown = type.includes('json') && text ? JSON.parse(text) : text;
  checkAgainstContract(method, path, res.status, parsed);
  return { status: res.status, headers: res.headers, body: parsed as BodyAt<M, P> };
}

/** The problem+json of a refused request: its content type checked, its body parsed with the contract's problem schema. */
export function problemOf(res: ApiResponse<unknown>): Problem {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return problem.parse(res.body);
}

/** The same call, for a body that is not JSON (the export's CSV). */
export async function apiText(path: string, options: { as: string; headers?: Record<string, string> }): Promise<ApiResponse<string>> {
  const token = await login(options.as);
  const res = await fetch(`${apiUrl}${path}`, { headers: { ...options.headers, authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: await res.text() };
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

/** A ticket still being worked whose workflow has not parked at AwaitFindings yet (it is about to write its token). */
const unparked = (items: readonly string[]) =>
  items.some((i) => {
    const item = JSON.parse(i) as { type?: string; status?: string; taskToken?: string };
    return item.type === 'ticket' && (item.status === 'open' || item.status === 'in_progress') && !item.taskToken;
  });

/**
 * Every item in the table, once the background work of earlier requests (each new ticket's workflow
 * parking its task token) has settled: the "nothing changed" check of the 4xx tests. Tests only; never
 * on a request path.
 */
export async function tableSnapshot(): Promise<string[]> {
  let previous = await scanTable();
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const current = await scanTable();
    if (!unparked(current) && current.length === previous.length && current.every((item, j) => item === previous[j])) return current;
    previous = current;
  }
  throw new Error('the table did not settle within 5 s');
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
