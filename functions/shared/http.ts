import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Caller } from '#core/accounts/caller';
import { DomainError, type ErrorKind, type FieldError } from '#core/errors';
import { isRole, type Role } from '#core/accounts/roles';

/**
 * The HTTP pieces every handler is built from (`functions/api/handler.ts` puts them together per route):
 * size limit, JSON and Zod parsing (unknown fields rejected), path parameters, the principal of the verified
 * JWT, and the one mapping of errors to RFC 9457 problem+json. Nothing here knows the route table.
 */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** What every path parameter must be (ids, ticket numbers, package ids), checked before a handler runs. */
export const PATH_PARAM = /^[A-Za-z0-9_.-]{1,128}$/;
export const PATH_PARAM_RULE = 'must be 1–128 characters: letters, digits, _ . -';

/** The maximum request body, per docs/api.md. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Who the verified token says is calling. Only `sub` is trusted to find the user; `roles` (the token's
 * groups) are what they were at login, so no right is taken from them.
 */
export interface Principal {
  sub: string;
  username: string;
  roles: Role[];
  /** The token's `iat`, in seconds since the epoch. */
  issuedAt?: number;
}

export interface HttpRequest<B, Q, C extends Caller | undefined = Caller | undefined> {
  body: B;
  query: Q;
  path: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** Undefined only on public routes. */
  principal: Principal | undefined;
  /** The caller as its user record says now: role, account. Undefined only on public routes. */
  caller: C;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  /** A ready-made body (CSV and the like); `body` is ignored when set. */
  raw?: string;
  headers?: Record<string, string>;
}

const STATUS: Record<ErrorKind, [number, string]> = {
  invalid: [400, 'Bad Request'],
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  not_found: [404, 'Not Found'],
  conflict: [409, 'Conflict'],
  too_large: [413, 'Content Too Large'],
};

export const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...BASE_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function problem(status: number, title: string, detail: string, errors?: FieldError[], headers: Record<string, string> = {}, extensions: Record<string, unknown> = {}): HttpResponse {
  const slug = title.toLowerCase().replace(/[^a-z]+/g, '-');
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...BASE_HEADERS, ...headers },
    body: JSON.stringify({ type: `/problems/${slug}`, title, status, detail, ...(errors?.length ? { errors } : {}), ...extensions }),
  };
}

export function problemFor(err: DomainError): HttpResponse {
  const [status, title] = STATUS[err.kind];
  return problem(status, title, err.message, err.errors, {}, err.extensions);
}

/**
 * The entity tag of a JSON body: a hash of the exact bytes sent, so equal bodies (and only those) share it.
 * Strong, because the bytes are what is compared.
 */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * Whether `If-None-Match` names `etag` (RFC 9110 §13.1.2: weak comparison, a list, or `*`), so the
 * client's copy is current and a 304 with no body is the answer.
 */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Reads the caller from the authorizer's claims. API Gateway's JWT authorizer flattens array claims to
 * a string such as `"[admin finance]"`; the local gateway does the same, and both shapes are accepted.
 */
export function principalFrom(event: HttpEvent): Principal | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  // Only access tokens authorise API calls (an ID token carries `aud` and would pass API Gateway's check).
  if (!claims || claims.token_use !== 'access') return undefined;
  const sub = claims.sub;
  const username = claims.username ?? claims['cognito:username'];
  if (typeof sub !== 'string' || typeof username !== 'string') return undefined;
  const raw = claims['cognito:groups'] as unknown;
  const groups = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean)
      : [];
  const issuedAt = Number(claims.iat);
  return { sub, username, roles: groups.filter(isRole), ...(Number.isFinite(issuedAt) ? { issuedAt } : {}) };
}

/** Turns Zod issues into field errors that name the field and say what is wrong with it. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], input: unknown, prefix: string): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // A message written in a schema (`z.regex(re, 'must be …')`) says it best.
    if (issue.message && issue.message !== 'Invalid input' && issue.code !== 'unrecognized_keys') {
      out.push({ path, message: issue.message });
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: [path, key].filter(Boolean).join('.'), message: 'unknown field' });
        break;
      case 'invalid_type':
        out.push({ path, message: valueAt(input, issue.path) === undefined ? 'is required' : `must be ${article(issue.expected)}` });
        break;
      case 'invalid_value':
        out.push({ path, message: `must be one of: ${issue.values.map(String).join(', ')}` });
        break;
      case 'too_big':
        out.push({ path, message: `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}` });
        break;
      case 'too_small':
        out.push({ path, message: `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}` });
        break;
      case 'invalid_format':
        out.push({ path, message: `must be a valid ${issue.format}` });
        break;
      case 'not_multiple_of':
        out.push({ path, message: `must be a multiple of ${String(issue.divisor)}` });
        break;
      default:
        out.push({ path, message: 'is not valid' });
    }
  }
  return out;
}

const article = (expected: string) => (expected === 'int' ? 'an integer' : /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

export function parseWith<S extends z.ZodMiniType>(schema: S, input: unknown, prefix: string, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = fieldErrors(result.error.issues, input, prefix);
    throw new DomainError('invalid', `${what}: ${errors.map((e) => `${e.path || prefix} ${e.message}`).join('; ')}`, errors);
  }
  return result.data;
}

export function readBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new DomainError('too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  const type = (event.headers['content-type'] ?? 'application/json').toLowerCase();
  if (!/^application\/([a-z.+-]*\+)?json\b/.test(type)) {
    throw new DomainError('invalid', `content-type must be application/json, not ${type}`, [{ path: 'content-type', message: 'must be application/json' }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('invalid', 'the request body is not valid JSON', [{ path: 'body', message: 'is not valid JSON' }]);
  }
}

/**
 * The path parameters, each checked against `PATH_PARAM` before anything reads the table with it: an id
 * thousands of characters long, a control character or an undecodable escape is a 400 naming the parameter.
 */
export function pathParameters(event: HttpEvent): Record<string, string> {
  const params = (event.pathParameters ?? {}) as Record<string, string | undefined>;
  const errors = Object.entries(params)
    .filter(([, value]) => value === undefined || !PATH_PARAM.test(value))
    .map(([name]) => ({ path: `path.${name}`, message: PATH_PARAM_RULE }));
  if (errors.length) throw new DomainError('invalid', `path parameter ${errors.map((e) => e.path.slice(5)).join(', ')} ${PATH_PARAM_RULE}`, errors);
  return params as Record<string, string>;
}
