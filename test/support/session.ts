import { createClient, type Client, type OperationAt, type OperationOutput } from '#contracts/client';
import { endpoints, type OperationId } from '#contracts/endpoints';
import { operations, type Operation } from '#contracts/operations';
import { pathMatcher } from '../../functions/api/routes';

/**
 * Logging in and calling the API as a user, the way the portal does: Cognito `InitiateAuth`
 * (USER_PASSWORD_AUTH) over `fetch` against the emulator, then requests whose success bodies are typed and
 * checked by `contracts/`. The one home of both for the integration tests and the benches.
 */
export { cognitoLogin, type CognitoTarget } from '../../infra/local/cognito-login';

/** The typed client of `contracts/`, every success body checked against its response schema; `token` is asked for on each call. */
export function typedClient(baseUrl: string, token?: () => string | Promise<string>): Client {
  return createClient({ baseUrl, validate: operations, ...(token ? { token } : {}) });
}

const matchers = (Object.keys(endpoints) as OperationId[]).map((id) => ({ id, method: endpoints[id].method as string, match: pathMatcher(endpoints[id].path) }));

/**
 * Parses a success body with the response schema of the operation `method path` reaches: a response that
 * drifts from the contract fails whoever saw it. Anything else (a problem, a path no operation has, text)
 * is left to the caller.
 */
export function checkAgainstContract(method: string, path: string, status: number, body: unknown): void {
  if (!((status >= 200 && status < 300) || status === 303) || typeof body === 'string') return;
  const bare = path.split('?')[0]!;
  const found = matchers.find((m) => m.method === method && m.match(bare));
  if (!found) return;
  const responses: Operation['responses'] = operations[found.id].responses;
  const schema = responses[status as keyof Operation['responses']];
  if (schema === undefined) throw new Error(`${method} ${path} answered ${status}, which contracts/ ${found.id} does not document`);
  if (!schema) return;
  const checked = schema.safeParse(body);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new Error(`${method} ${path} answered ${status} with a body that does not match contracts/ ${found.id}: ${issues}`);
  }
}

/**
 * `call('POST', '/tickets', token, body)`: one request with a token; resolves to the success body, typed
 * by the operation the method and path reach and checked against its schema; throws on anything else.
 * `onRequest` counts requests (the benches bill them).
 */
export function caller(baseUrl: string, onRequest?: () => void) {
  return async <const M extends string, const P extends string>(method: M, path: P, token: string, body?: unknown): Promise<OperationOutput<OperationAt<M, P>>> => {
    onRequest?.();
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    checkAgainstContract(method, path, res.status, json);
    return json as OperationOutput<OperationAt<M, P>>;
  };
}
