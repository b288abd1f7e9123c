import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Context } from 'aws-lambda';
import { fallbackRoute, matchRoute, type RouteSpec } from '../../functions/api/routes';
import { MAX_BODY_BYTES, problem, type HttpEvent, type HttpResponse } from '../../functions/shared/http';

/**
 * The local stand-in for API Gateway's HTTP API: mounts the one route table, verifies bearer tokens the
 * way the JWT authorizer does (signature against the JWKS, issuer, client id, expiry; the handler then
 * insists on an access token), and calls each handler in-process with an APIGatewayProxyEventV2.
 */
export interface GatewayOptions {
  issuer: string;
  clientId: string;
  /** Where handler files live (functions/api). */
  handlersDir: string;
  /** Static files served for GET requests that match no route (the portal), if any. */
  staticDir?: string;
  /** Headers added to every static file (the portal's security headers). */
  staticHeaders?: Record<string, string>;
}

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResponse>;

/**
 * The gateway stops reading a body as soon as it is over the API's limit (a declared `content-length`
 * before reading a byte) and answers the same 413 problem+json a handler gives, so a 10 MB upload costs
 * neither memory nor a handler call. (API Gateway's HTTP API passes up to 10 MB, which the handler refuses
 * with this 413 up to Lambda's 6 MB invoke limit; above that the client sees API Gateway's own error.)
 */
const tooLarge = () => problem(413, 'Content Too Large', `the request body is larger than ${MAX_BODY_BYTES} bytes`, [{ path: 'body', message: `must be at most ${MAX_BODY_BYTES} bytes` }]);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

function send(res: ServerResponse, out: HttpResponse): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers ?? {})) headers[k] = String(v);
  res.writeHead(out.statusCode ?? 200, headers);
  res.end(out.body === undefined ? undefined : out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body);
}

function unauthorized(res: ServerResponse, detail: string): void {
  // API Gateway answers 401 itself; we answer in the API's problem+json so clients see one error format.
  send(res, problem(401, 'Unauthorized', detail, undefined, { 'www-authenticate': 'Bearer' }));
}

/** API Gateway passes JWT claims as strings, arrays as `"[a b]"`. */
function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    claims[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return claims;
}

/**
 * The body, or 'too-large' as soon as it passes the API's limit. It never buffers more than the limit:
 * past it (or when `content-length` says so up front) the rest is read and dropped, so the client, which
 * is still sending, gets the 413 instead of a broken pipe.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      return resolve('too-large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      over = true;
      chunks.length = 0;
      resolve('too-large');
    });
    req.on('end', () => over || resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createGateway(options: GatewayOptions): Server {
  const jwks = createRemoteJWKSet(new URL(`${options.issuer}/.well-known/jwks.json`));
  const loaded = new Map<string, Promise<Handler>>();
  const load = (name: string): Promise<Handler> => {
    let p = loaded.get(name);
    if (!p) {
      p = import(pathToFileURL(join(options.handlersDir, `${name}.ts`)).href).then((m: { handler: Handler }) => m.handler);
      loaded.set(name, p);
    }
    return p;
  };

  async function verify(header: string | undefined): Promise<Record<string, string> | string> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) return 'missing bearer token';
    try {
      const { payload } = await jwtVerify(match[1]!, jwks, { issuer: options.issuer, algorithms: ['RS256'] });
      // Access tokens carry `client_id`, ID tokens `aud`: API Gateway accepts either as the audience.
      const audience = payload.client_id ?? payload.aud;
      const audiences = Array.isArray(audience) ? audience : [audience];
      if (!audiences.includes(options.clientId)) return 'token was not issued to this client';
      return flattenClaims(payload);
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return 'token expired';
      if (err instanceof joseErrors.JWTClaimValidationFailed) return `token claim ${err.claim} is not valid`;
      return 'token signature or format is not valid';
    }
  }

  async function serveStatic(path: string, res: ServerResponse): Promise<boolean> {
    if (!options.staticDir) return false;
    const root = resolve(options.staticDir);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) return false;
    try {
      if (!(await stat(file)).isFile()) return false;
      // Hashed asset names change with their content, so they may be cached for good; index.html may not.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      res.writeHead(200, { ...options.staticHeaders, 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': cache });
      res.end(await readFile(file));
      return true;
    } catch {
      return false;
    }
  }

  return createServer(async (req, res) => {
    const started = Date.now();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const found = matchRoute(method, url.pathname);
      let route: RouteSpec | undefined;
      let params: Record<string, string> = {};
      if ('route' in found) {
        route = found.route;
        params = found.params;
      } else if (method === 'GET' && found.allow.length === 0 && (await serveStatic(url.pathname, res))) {
        return;
      }

      let claims: Record<string, string> | undefined;
      if (route && route.auth !== 'public') {
        const verified = await verify(req.headers.authorization);
        if (typeof verified === 'string') return unauthorized(res, verified);
        claims = verified;
      }

      const body = await readBody(req);
      if (body === 'too-large') {
        return send(res, tooLarge());
      }

      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const routeKey = route ? `${route.method} ${route.path}` : '$default';
      const now = new Date();
      const event = {
        version: '2.0',
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(route && Object.keys(params).length ? { pathParameters: params } : {}),
        requestContext: {
          accountId: 'local',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'local',
          http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
          requestId: randomUUID(),
          routeKey,
          stage: '$default',
          time: now.toISOString(),
          timeEpoch: now.getTime(),
          ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: claims.scope ? claims.scope.split(' ') : [] } } } : {}),
        },
        ...(body.length ? { body: body.toString('utf8'), isBase64Encoded: false } : { isBase64Encoded: false }),
      } as unknown as HttpEvent;
      const context = {
        awsRequestId: event.requestContext.requestId,
        functionName: route?.handler ?? fallbackRoute.handler,
        getRemainingTimeInMillis: () => 29_000 - (Date.now() - started),
      } as unknown as Context;
      const handler = await load(route?.handler ?? fallbackRoute.handler);
      send(res, await handler(event, context));
    } catch (err) {
      console.error('gateway: handler crashed', err);
      if (!res.headersSent) send(res, problem(500, 'Internal Server Error', 'the gateway failed to call the handler; it has been logged'));
    }
  });
}
