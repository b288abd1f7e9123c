/**
 * Proves the contracts module holds together: every operation is served by exactly one route of the
 * table and every route serves one operation (same method, path, roles, summary); the typed client builds
 * the request an operation declares, hands back the success body, throws a ProblemError carrying the
 * problem+json otherwise, and with `validate` refuses a body its schema does not describe; the portal paths
 * are the links the emails carry.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createClient, operationUrl, ProblemError, type Client } from '#contracts/client';
import { endpoints, type OperationId } from '#contracts/endpoints';
import { operations, problemStatuses } from '#contracts/operations';
import { portalPaths, portalUrl } from '#contracts/portal';
import { CATEGORIES, MAX_BODY_BYTES } from '#contracts/vocabulary';
import { MAX_BODY_BYTES as SERVER_MAX_BODY_BYTES } from '../../functions/shared/http';
import { routes } from '../../functions/api/routes';
import { renderNotice } from '../../functions/core/notifications/notices';

const kebab = (id: string) => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('operation table and route table', () => {
  it('map one to one, each route carrying its operation’s method, path, roles and summary', () => {
    const ids = Object.keys(operations) as OperationId[];
    expect(Object.keys(endpoints)).toEqual(ids);
    expect(routes.map((r) => r.operationId)).toEqual(ids);
    for (const r of routes) {
      const op = operations[r.operationId];
      expect({ method: r.method, path: r.path, auth: r.auth, summary: r.summary, handler: r.handler }).toEqual({
        method: op.method,
        path: op.path,
        auth: op.auth,
        summary: op.summary,
        handler: kebab(r.operationId),
      });
    }
  });

  it('the body limit the contract states is the one the server enforces', () => {
    expect(SERVER_MAX_BODY_BYTES).toBe(MAX_BODY_BYTES);
  });

  it('every operation documents a success response and at least one 4xx', () => {
    for (const [id, op] of Object.entries(operations)) {
      expect(Object.keys(op.responses).length, id).toBeGreaterThan(0);
      expect(problemStatuses(op).some((s) => s >= 400 && s < 500), id).toBe(true);
    }
  });
});

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fetch that records the request and answers what the test says: the transport the client is given, not a module mock. */
function recording(answer: (call: Call) => { status: number; type?: string; body?: unknown }) {
  const calls: Call[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const call = { url, method: String(init.method), headers: init.headers as Record<string, string>, ...(typeof init.body === 'string' ? { body: init.body } : {}) };
    calls.push(call);
    const out = answer(call);
    const text = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    return new Response(text, { status: out.status, headers: { 'content-type': out.type ?? 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchFn };
}

const problem = { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'ticket T-2026-000001 is closed', errors: [] };

describe('createClient', () => {
  it('builds the URL from the path parameters (encoded) and the query values that are set', () => {
    expect(operationUrl('getTicket', { params: { id: 'T-2026/1' } })).toBe('/tickets/T-2026%2F1');
    expect(operationUrl('listLedger', { query: { customerId: 'c_1', from: undefined, limit: 5 } })).toBe('/ledger?customerId=c_1&limit=5');
    expect(() => operationUrl('getTicket', {})).toThrow(/path parameter id is missing/);
  });

  it('sends the method, the token asked for on each call, the JSON body and the Idempotency-Key; resolves to the body', async () => {
    let n = 0;
    const { calls, fetchFn } = recording(() => ({ status: 201, body: { orderId: 'o_1' } }));
    const api: Client = createClient({ baseUrl: 'http://api.test', fetch: fetchFn, token: async () => `tok${++n}` });
    const out = await api.createPackageOrder({ body: { packageId: 'pkg_5h' }, idempotencyKey: 'k1' });
    expect(out).toEqual({ orderId: 'o_1' });
    await api.getMe();
    expect(calls[0]).toEqual({
      url: 'http://api.test/packages/orders',
      method: 'POST',
      headers: { accept: 'application/json', authorization: 'Bearer tok1', 'idempotency-key': 'k1', 'content-type': 'application/json' },
      body: '{"packageId":"pkg_5h"}',
    });
    expect(calls[1]).toMatchObject({ url: 'http://api.test/me', method: 'GET', headers: { authorization: 'Bearer tok2' } });
    expect(calls[1]!.body).toBeUndefined();
  });

  it('throws a ProblemError carrying the problem+json; raw() answers it instead', async () => {
    const { fetchFn } = recording(() => ({ status: 409, type: 'application/problem+json', body: problem }));
    const api = createClient({ baseUrl: '', fetch: fetchFn });
    const err = await api.createTicketMessage({ params: { id: 't_1' }, body: { body: 'hi' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect(err).toMatchObject({ status: 409, problem });
    expect(await api.raw('createTicketMessage', { params: { id: 't_1' }, body: { body: 'hi' } })).toMatchObject({ status: 409, body: problem });
  });

  it('answers a 303 (the export link) with its body instead of following it; in a browser, where it cannot be read, says to ask with ?redirect=false', async () => {
    const link = {
      id: 'x_1', through: '2026-11-01T00:00:00.000Z', createdAt: '2026-11-02T00:00:00.000Z', lineCount: 1, totalAmountCents: 100, totalVatCents: 22,
      csv: { sha256: 'a'.repeat(64), bytes: 10 }, json: { sha256: 'b'.repeat(64), bytes: 20 },
      format: 'csv', url: 'https://s3.example/x_1.csv?X-Amz-Signature=1', expiresAt: '2026-11-02T00:05:00.000Z', sha256: 'a'.repeat(64), bytes: 10,
    };
    const redirects: (RequestRedirect | undefined)[] = [];
    const fetchFn = (async (_url: string, init: RequestInit) => {
      redirects.push(init.redirect);
      return new Response(JSON.stringify(link), { status: 303, headers: { 'content-type': 'application/json', location: link.url } });
    }) as typeof fetch;
    const out = await createClient({ baseUrl: '', fetch: fetchFn, validate: operations }).getExport({ params: { id: 'x_1' }, headers: { accept: 'text/csv' } });
    expect(out).toEqual(link);
    expect(redirects).toEqual(['manual']);
    const browser = (async () => ({ type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), text: async () => '' }) as unknown as Response) as typeof fetch;
    await expect(createClient({ baseUrl: '', fetch: browser }).getExport({ params: { id: 'x_1' } })).rejects.toThrow(/\?redirect=false/);
  });

  it('a failure that is not problem+json (a proxy’s page) still becomes a ProblemError with its status', async () => {
    const { fetchFn } = recording(() => ({ status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' }));
    const err = await createClient({ baseUrl: '', fetch: fetchFn }).getHealth().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, problem: { title: 'HTTP 502', detail: '<h1>Bad gateway</h1>' } });
  });

  it('with validate, refuses a success body its schema does not describe, naming the field, and a success status it does not document', async () => {
    const { fetchFn } = recording(() => ({ status: 200, body: CATEGORIES.map((c) => ({ ...c, expected: c.id === 'consulting' ? 'free' : c.expected })) }));
    const api = createClient({ baseUrl: '', fetch: fetchFn, validate: operations });
    await expect(api.listCategories()).rejects.toThrow(/GET \/categories answered 200 with a body that does not match its schema: 9\.expected/);
    const other = recording(() => ({ status: 202, body: [] }));
    await expect(createClient({ baseUrl: '', fetch: other.fetchFn, validate: operations }).listCategories()).rejects.toThrow(/answered 202, which its operation does not document/);
    const plain = createClient({ baseUrl: '', fetch: fetchFn });
    expect(await plain.listCategories()).toHaveLength(CATEGORIES.length);
  });
});

describe('what bundles pay for', () => {
  /** Bundles `source` for the browser as the portal would (or for Lambda as CDK does), and answers its minified text. */
  const bundle = async (source: string, platform: 'browser' | 'node' = 'browser') => {
    const out = await build({
      stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform,
      external: ['@aws-sdk/*'],
      write: false,
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  };

  it('a handler carries the route table but no response schema (only get-openapi needs them)', async () => {
    const health = await bundle(`export { handler } from './functions/api/get-health';`, 'node');
    expect(health).toContain('/tickets/{id}/contest/decision');
    expect(health).not.toMatch(/expectedClassification|totalVatCents/);
  });

  it('the client without validation pulls in no schema and no zod, only the method and path of each operation', async () => {
    const bare = await bundle(`import { createClient } from './contracts/client'; createClient({ baseUrl: '' }).getMe();`);
    expect(bare).not.toMatch(/\$ZodType|ZodMini/);
    expect(bare).toContain('/tickets/{id}/contest/decision');
  });

  it("the portal calls the API through the contract's client and carries no schema and no zod", async () => {
    const portal = await bundle(`import './portal/api/client';`);
    expect(portal).toContain('/tickets/{id}/contest/decision');
    expect(portal).not.toMatch(/\$ZodType|ZodMini|expectedClassification/);
  });
});

describe('portal paths', () => {
  it('are the links the emails carry, on the portal’s base URL', () => {
    const notice = { kind: 'ticket_billable', customerId: 'c1', ticketId: 't_1', ticketNumber: 'T-2026-000001', subject: 'VPN', reason: 'customer_cause', revision: 1, billableMinutes: 60, charges: [{ bucket: 'consuntivo', minutes: 60 }], hourlyRateCents: 6000 } as const;
    const email = renderNotice({ ...notice, charges: [...notice.charges] }, 'it', 'https://portal.example');
    // The billable-ticket email links the ticket by its number (the page opens by id or number).
    expect(email.text).toContain(portalUrl('https://portal.example/', portalPaths.ticket('T-2026-000001')));
    expect(renderNotice({ kind: 'package_exhausted', customerId: 'c1', packageId: 'p_1', minutes: 300 }, 'en', 'https://portal.example').text).toContain(
      `https://portal.example${portalPaths.packages()}`,
    );
    expect(portalPaths.ticket('t_1')).toBe('/#/tickets/t_1');
  });
});
