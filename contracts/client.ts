import type * as z from 'zod/mini';
import { endpoints, type OperationId } from './endpoints';
import type { Operations } from './operations';
import { ProblemError, type Problem } from './problem';

export { ProblemError, type Problem } from './problem';

/**
 * A small typed `fetch` client: one method per operation, named by its id, taking the path parameters,
 * the query and the body the operation declares and resolving to its success body; any other answer
 * throws a `ProblemError` carrying the problem+json. At run time it needs only `endpoints.ts` (method and
 * path per operation, about a kilobyte): the schemas are types here, so a bundle pays for none of them.
 * Pass `validate` (for example the whole `operations` table, as the tests do) to parse each success body
 * with its response schema, in development and tests.
 *
 * ```ts
 * const api = createClient({ baseUrl: '', token: () => session.accessToken });
 * const ticket = await api.createTicket({ body: { category: 'service_fault', subject, description } });
 * ```
 */

type Op<K extends OperationId> = Operations[K];

/** `/tickets/{id}/messages` → `{ id: string }`. */
export type PathParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? { [k in N]: string } & PathParams<Rest> : unknown;

type HasParams<P extends string> = P extends `${string}{${string}}${string}` ? true : false;

type BodyInput<O> = O extends { body: infer B extends z.ZodMiniType }
  ? undefined extends z.input<B>
    ? { body?: z.input<B> }
    : { body: z.input<B> }
  : unknown;

/** Query values as a caller has them: numbers are sent as their decimal text. */
type QueryInput<O> = O extends { query: infer Q extends z.ZodMiniType } ? { query?: { [F in keyof z.input<Q>]?: z.input<Q>[F] | number } } : unknown;

type ParamsInput<O> = O extends { path: infer P extends string } ? (HasParams<P> extends true ? { params: PathParams<P> } : unknown) : unknown;

/** What one operation's method takes. */
export type OperationInput<K extends OperationId> = ParamsInput<Op<K>> &
  BodyInput<Op<K>> &
  QueryInput<Op<K>> & {
    /** Extra request headers (`accept`, …). */
    headers?: Record<string, string>;
    /** Sent as `Idempotency-Key` on the operations that honour it. */
    idempotencyKey?: string;
  };

type Responses<K extends OperationId> = Op<K>['responses'];
/** The success body of an operation (the union when it has several success statuses). */
export type OperationOutput<K extends OperationId> = {
  [S in keyof Responses<K>]: Responses<K>[S] extends z.ZodMiniType ? z.output<Responses<K>[S]> : undefined;
}[keyof Responses<K>];

/** An answer as it came: status, headers and the body (JSON parsed, text otherwise). */
export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ClientOptions {
  /** Where the API is: `''` for the same origin (the portal), `http://127.0.0.1:3000` for a script. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** The Cognito access token, asked for on every call (so a refreshed token is used at once). */
  token?: () => string | undefined | Promise<string | undefined>;
  /** Response schemas to check success bodies against; a body that does not match throws. */
  validate?: { readonly [K in OperationId]?: { readonly responses: Readonly<Partial<Record<number, z.ZodMiniType | null>>> } };
}

type Args<K extends OperationId> = {} extends OperationInput<K> ? [input?: OperationInput<K>] : [input: OperationInput<K>];

export type Client = { [K in OperationId]: (...args: Args<K>) => Promise<OperationOutput<K>> } & {
  /** The same call, answering with the status and headers too and never throwing on a problem. */
  raw<K extends OperationId>(id: K, ...args: Args<K>): Promise<RawResponse<OperationOutput<K> | Problem>>;
};

/** The URL of an operation: path parameters encoded, query values that are set, in order. */
export function operationUrl(id: OperationId, input: { params?: Record<string, string>; query?: Record<string, unknown> } = {}): string {
  const path = endpoints[id].path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new TypeError(`${id}: path parameter ${name} is missing`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input.query ?? {})) if (value !== undefined) query.append(name, String(value));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export function createClient(options: ClientOptions): Client {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  async function raw(id: OperationId, input: Record<string, unknown> = {}): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...(input.headers as Record<string, string> | undefined) };
    const token = await options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (typeof input.idempotencyKey === 'string') headers['idempotency-key'] = input.idempotencyKey;
    let body: string | undefined;
    if (input.body !== undefined) {
      body = JSON.stringify(input.body);
      headers['content-type'] = 'application/json';
    }
    const url = options.baseUrl + operationUrl(id, input as { params?: Record<string, string>; query?: Record<string, unknown> });
    // A 303 (the export's download link) is an answer to read, not to follow: its body says what the link is.
    const res = await doFetch(url, { method: endpoints[id].method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
    if (res.type === 'opaqueredirect') throw new TypeError(`${endpoints[id].method} ${url} answered a redirect a browser does not let a script read: ask with ?redirect=false`);
    const text = await res.text();
    const json = /\bjson\b/.test(res.headers.get('content-type') ?? '') && text !== '';
    const parsed: unknown = json ? JSON.parse(text) : text;
    const documented = options.validate?.[id]?.responses;
    if (succeeded(res.status) && documented) {
      const schema = documented[res.status];
      if (schema === undefined) throw new TypeError(`${endpoints[id].method} ${url} answered ${res.status}, which its operation does not document`);
      if (schema) {
        const checked = schema.safeParse(parsed);
        if (!checked.success) {
          const issues = checked.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
          throw new TypeError(`${endpoints[id].method} ${url} answered ${res.status} with a body that does not match its schema: ${issues}`);
        }
      }
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }
  const client: Record<string, unknown> = {
    raw: (id: OperationId, input?: Record<string, unknown>) => raw(id, input),
  };
  for (const id of Object.keys(endpoints) as OperationId[]) {
    client[id] = async (input?: Record<string, unknown>) => {
      const res = await raw(id, input);
      if (succeeded(res.status)) return res.body;
      throw new ProblemError(asProblem(res));
    };
  }
  return client as Client;
}

/** What an operation answers when it did what was asked: a 2xx, or a 303 whose body says where to go. */
const succeeded = (status: number) => (status >= 200 && status < 300) || status === 303;

/** The problem+json of a failed answer; a body that is not one (a proxy's HTML page) becomes one. */
export function asProblem(res: RawResponse): Problem {
  const b = res.body as Partial<Problem> | undefined;
  if (b && typeof b === 'object' && typeof b.title === 'string' && typeof b.detail === 'string') {
    return { type: String(b.type ?? 'about:blank'), title: b.title, status: res.status, detail: b.detail, ...(Array.isArray(b.errors) ? { errors: b.errors } : {}), ...(b.changes !== undefined ? { changes: b.changes } : {}) };
  }
  return { type: 'about:blank', title: `HTTP ${res.status}`, status: res.status, detail: typeof res.body === 'string' ? res.body.slice(0, 500) : '' };
}

/* The operation a method and a concrete path (`/tickets/t_1?limit=5`) reach, at the type level. */
type Split<P extends string> = P extends `${infer H}/${infer T}` ? [H, ...Split<T>] : [P];
type SegmentsMatch<A extends string[], B extends string[]> = A extends [infer a extends string, ...infer ra extends string[]]
  ? B extends [infer b extends string, ...infer rb extends string[]]
    ? b extends `{${string}}`
      ? SegmentsMatch<ra, rb>
      : a extends b
        ? SegmentsMatch<ra, rb>
        : false
    : false
  : B extends []
    ? true
    : false;
type WithoutQuery<P extends string> = P extends `${infer A}?${string}` ? A : P;

/** The id of the operation `method path` reaches, or `never` when the path is not known at compile time. */
export type OperationAt<M extends string, P extends string> = {
  [K in OperationId]: M extends (typeof endpoints)[K]['method'] ? (SegmentsMatch<Split<WithoutQuery<P>>, Split<(typeof endpoints)[K]['path']>> extends true ? K : never) : never;
}[OperationId];
