import { createHash } from 'node:crypto';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, inject } from 'vitest';
import { importJWK, SignJWT, type JWK } from 'jose';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Client, OperationAt, OperationOutput } from '#contracts/client';
import type { Problem } from '#contracts/problem';
import { problem } from '#contracts/responses';
import { DEMO_PASSWORD } from '../../infra/local/seed';
import { checkAgainstContract, cognitoLogin, typedClient } from '../support/session';
import { notYet, waitFor } from '../support/wait';

/** Helpers for the integration tier: real tokens from the Cognito emulator, HTTP through the local gateway. */
export const apiUrl = inject('apiUrl');
export const stackEnv = inject('env');

export const clientConfig = () => ({
  region: stackEnv.AWS_REGION!,
  credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
});

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...clientConfig(), endpoint: stackEnv.AWS_ENDPOINT_URL_DYNAMODB! }));
const cognito = { endpoint: stackEnv.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER!, clientId: stackEnv.USER_POOL_CLIENT_ID! };

const tokens = new Map<string, { token: string; expiresAtMs: number }>();

/**
 * Logs in through the Cognito emulator (USER_PASSWORD_AUTH) and returns the access token, reused while
 * it has more than a minute left (tokens live 15 minutes, a loaded test run can last longer).
 */
export async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
  const key = `${username}\0${password}`;
  const hit = tokens.get(key);
  if (hit && hit.expiresAtMs - Date.now() > 60_000) return hit.token;
  const { accessToken: token } = await cognitoLogin(cognito, username, password);
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };
  tokens.set(key, { token, expiresAtMs: exp * 1000 });
  return token;
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
  // Not followed: a 303 (the export's download link) is checked against the contract like any answer.
  const res = await fetch(`${apiUrl}${path}`, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
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

/**
 * A refused request: its status, a problem+json that the contract's schema reads and that names the same
 * status, and (when given) a field error at `field`. Returns the problem.
 */
export function expectProblem(res: ApiResponse<unknown>, status: number, field?: string): Problem {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body = problemOf(res);
  expect(body.status).toBe(status);
  if (field) expect(body.errors?.map((e) => e.path)).toContain(field);
  return body;
}

/** The same call, for a body that is not JSON (the export's CSV). */
export async function apiText(path: string, options: { as: string; headers?: Record<string, string> }): Promise<ApiResponse<string>> {
  const token = await login(options.as);
  const res = await fetch(`${apiUrl}${path}`, { headers: { ...options.headers, authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/**
 * Downloads an export's file as a client does: GET /finance/exports/{id} answers 303 with a presigned S3
 * URL (and the link, its expiry and the SHA-256 as JSON); the file comes from the S3 emulator, without the
 * bearer token, with the type and name the link was signed for, and matches the SHA-256.
 */
export async function downloadExport(id: string, accept: 'text/csv' | 'application/json', as = 'finance'): Promise<Buffer> {
  const res = await freshGet(`${apiUrl}/finance/exports/${id}`, { authorization: `Bearer ${await login(as)}`, accept });
  const meta = JSON.parse(res.body.toString('utf8')) as { url: string; sha256: string; bytes: number; format: string; expiresAt: string };
  expect(res.status, JSON.stringify(meta)).toBe(303);
  checkAgainstContract('GET', `/finance/exports/${id}`, res.status, meta);
  expect(res.headers.location).toBe(meta.url);
  expect(new URL(meta.url).origin).toBe(new URL(stackEnv.AWS_ENDPOINT_URL_S3!).origin);
  expect(res.headers['x-checksum-sha256']).toBe(meta.sha256);
  const file = await freshGet(meta.url, {});
  expect(file.status).toBe(200);
  expect(file.headers['content-type']).toMatch(accept === 'text/csv' ? /^text\/csv/ : /^application\/json/);
  expect(file.headers['content-disposition']).toBe(`attachment; filename="${id}.${meta.format}"`);
  expect(file.body.length).toBe(meta.bytes);
  expect(createHash('sha256').update(file.body).digest('hex')).toBe(meta.sha256);
  return file.body;
}

/**
 * A GET on a connection of its own, redirects not followed. A pooled keep-alive connection can be closed
 * by the server while a loaded machine spends seconds parsing the previous 100,000 lines; a fresh one
 * cannot be.
 */
function freshGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((ok, fail) => {
    const req = httpGet(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
  });
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

/** Writes an item as a crashed or older run would have left it (for tests of what the system finds). */
export async function putItem(item: Record<string, unknown>): Promise<void> {
  await ddb.send(new PutCommand({ TableName: stackEnv.TABLE_NAME!, Item: item }));
}

export async function queryPk(pk: string) {
  const out = await ddb.send(new QueryCommand({ TableName: stackEnv.TABLE_NAME!, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
  return out.Items ?? [];
}

/** The Cognito subject that holds a username now (its `USERNAME#` item). */
export async function subOf(username: string): Promise<string> {
  const [item] = await queryPk(`USERNAME#${username.toLowerCase()}`);
  if (!item) throw new Error(`no user ${username}`);
  return item.sub as string;
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

/**
 * Arms a one-shot fault: the next time `step` (a handler of functions/workflow/steps.ts) runs for
 * `customerId`, it does its work and then fails with `error` (not retried: the run is flagged).
 */
export async function armStepFault(step: string, customerId: string, error = 'StepFaultInjected'): Promise<void> {
  const res = await fetch(`${inject('controlUrl')}/faults?${new URLSearchParams({ step, customer: customerId, error })}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`arming ${step} for ${customerId}: ${res.status}`);
}
