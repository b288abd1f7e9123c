import * as z from 'zod/mini';
import { operations, problemStatuses, TAGS, type Operation } from './operations';
import { endpoints, type OperationId } from './endpoints';
import { PROBLEM_STATUSES, type ProblemStatus } from './problem';
import * as responses from './responses';
import * as files from './files';
import { MAX_BODY_BYTES, PAGE_SIZE } from './vocabulary';

/**
 * The OpenAPI 3.1 document, generated from the operation table: request bodies and query parameters from
 * the request schemas, success bodies from the response schemas (named under `components.schemas`), and
 * every problem status an operation can answer as problem+json. The server serves it at
 * `GET /openapi.json`; `npm run docs` renders `docs/api.md` from the same table.
 */
type Json = Record<string, unknown>;

const SAFE = Number.MAX_SAFE_INTEGER;

/** Drops what documents nothing: `$schema`, the safe-integer bounds every `z.int()` has, the date-time regex. */
function tidy(ctx: { jsonSchema: Json }, openObjects: boolean): void {
  const s = ctx.jsonSchema;
  delete s.$schema;
  if (s.type === 'integer') {
    if (s.minimum === -SAFE) delete s.minimum;
    if (s.maximum === SAFE) delete s.maximum;
  }
  if (s.format === 'date-time') delete s.pattern;
  // Responses may gain fields (never lose them): a client ignores what it does not know.
  if (openObjects && s.type === 'object' && s.additionalProperties === false) delete s.additionalProperties;
}

const pascal = (id: string) => id[0]!.toUpperCase() + id.slice(1);

const PROBLEM_RESPONSES: Record<ProblemStatus, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'ContentTooLarge',
  500: 'InternalServerError',
};

/** The response schemas by component name: every exported schema of `responses.ts`, then each operation's unnamed ones. */
function responseComponents(): { registry: z.core.$ZodRegistry<{ id: string }>; nameOf: Map<z.ZodMiniType, string> } {
  const registry = z.registry<{ id: string }>();
  const nameOf = new Map<z.ZodMiniType, string>();
  const add = (schema: z.ZodMiniType, name: string) => {
    if (nameOf.has(schema)) return;
    nameOf.set(schema, name);
    registry.add(schema, { id: name });
  };
  add(responses.problem, 'Problem');
  // Sorted: a module namespace's key order differs between loaders, and the document must not.
  for (const [name, value] of Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))) if (value instanceof z.ZodMiniType) add(value, pascal(name));
  for (const [id, op] of Object.entries(operations) as [OperationId, Operation][]) {
    for (const schema of Object.values(op.responses)) if (schema) add(schema, `${pascal(id)}Response`);
  }
  return { registry, nameOf };
}

function inputSchema(schema: z.ZodMiniType): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: (ctx) => tidy(ctx as { jsonSchema: Json }, false) }) as Json;
  return rest;
}

export interface OpenApiOptions {
  /** Where the API is; `/` (the default) is the origin that serves the document. */
  serverUrl?: string;
}

export function buildOpenApi(options: OpenApiOptions = {}): Json {
  const { registry, nameOf } = responseComponents();
  const generated = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: (ctx) => tidy(ctx as { jsonSchema: Json }, true),
  }) as { schemas: Record<string, Json> };
  const schemas: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(generated.schemas)) {
    const { $id: _, $schema: __, ...rest } = schema;
    schemas[name] = rest;
  }
  const ref = (schema: z.ZodMiniType) => ({ $ref: `#/components/schemas/${nameOf.get(schema)!}` });

  const paths: Record<string, Record<string, unknown>> = {};
  const usedProblems = new Set<ProblemStatus>([500]);
  for (const [id, op] of Object.entries(operations) as [OperationId, Operation][]) {
    const parameters: Json[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      description: m[1] === 'username' ? 'The username (matched case-insensitively)' : op.path.startsWith('/tickets/') ? 'The ticket’s id (`t_…`) or number (`T-2026-000123`)' : 'The id',
      schema: { type: 'string' },
    }));
    if (op.query) {
      const q = inputSchema(op.query) as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    if (op.idempotencyKey) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'The same key with the same body replays the first response and does nothing more; with another body → 409.',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    if (op.conditional) {
      parameters.push({
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description: 'The `ETag` of the copy the client holds (a list, `W/` or `*` too): 304 with no body while the answer is the same.',
        schema: { type: 'string' },
      });
    }
    const answers: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(op.responses) as [string, z.ZodMiniType | null][]) {
      const content: Json = schema ? { 'application/json': { schema: ref(schema) } } : {};
      const headers =
        Number(status) === 303
          ? { headers: { Location: { description: 'Where to go next', schema: { type: 'string' } } } }
          : op.method === 'GET' && Number(status) === 200 && schema
            ? { headers: { ETag: ETAG_HEADER } }
            : {};
      answers[status] = { description: successText(Number(status)), ...headers, ...(schema ? { content } : {}) };
    }
    if (op.conditional) answers['304'] = { description: successText(304), headers: { ETag: ETAG_HEADER } };
    for (const status of problemStatuses(op)) {
      usedProblems.add(status);
      answers[String(status)] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status]}` };
    }
    answers.default = { $ref: '#/components/responses/InternalServerError' };
    const roles = op.auth === 'public' ? 'Anyone, no token.' : `Roles: ${op.auth.join(', ')}.`;
    const operation: Json = {
      operationId: id,
      tags: [op.tag],
      summary: op.summary,
      description: [op.description, roles].filter(Boolean).join('\n\n'),
      ...(op.auth === 'public' ? { security: [] } : { 'x-roles': op.auth }),
      ...(parameters.length ? { parameters } : {}),
      responses: answers,
    };
    if (op.body) {
      const optional = op.body.safeParse(undefined).success;
      operation.requestBody = { required: !optional, content: { 'application/json': { schema: inputSchema(op.body) } } };
    }
    (paths[endpoints[id].path] ??= {})[op.method.toLowerCase()] = operation;
  }
  const problemResponses: Record<string, unknown> = {};
  for (const status of [...usedProblems].sort((a, b) => a - b)) {
    problemResponses[PROBLEM_RESPONSES[status]] = {
      description: PROBLEM_STATUSES[status],
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'monteore',
      version: '1',
      description: [
        'Support tickets and the support-hours ledger. JSON in and out, UTF-8; times are ISO 8601 UTC strings;',
        'durations are integer `minutes` and money integer `…Cents` in EUR, net of VAT.',
        `Lists take \`?limit=\` (1–${PAGE_SIZE.max}, default ${PAGE_SIZE.default}) and \`?cursor=\` and answer \`{items, nextCursor?}\`.`,
        `Errors are RFC 9457 problem+json; unknown body fields and query parameters are refused (400); bodies over ${MAX_BODY_BYTES / 1024} KB are refused (413).`,
      ].join(' '),
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: options.serverUrl ?? '/', description: 'This API: the origin that serves this document' }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The Cognito access token from the login (an ID token is refused)' } },
      schemas,
      responses: problemResponses,
    },
  };
}

const ETAG_HEADER = { description: 'A strong tag of the answer’s bytes: send it back as `If-None-Match`', schema: { type: 'string' } };

function successText(status: number): string {
  switch (status) {
    case 304:
      return 'Not modified: the copy `If-None-Match` names is current (no body)';
    case 201:
      return 'Created';
    case 202:
      return 'Accepted: the workflow goes on';
    case 204:
      return 'No content';
    case 303:
      return 'See other: `Location` is where to go next';
    default:
      return 'OK';
  }
}

/**
 * The JSON Schemas of the downloadable files (`files.ts`), by name, for `docs/api.md`: tidied as the
 * document's schemas are, each referring to the others as `#/files/<Name>`.
 */
export function fileSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  registry.add(files.exportLine, { id: 'ExportLine' });
  registry.add(files.exportFile, { id: 'ExportFile' });
  const generated = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/files/${id}`,
    override: (ctx) => tidy(ctx as { jsonSchema: Json }, true),
  }) as { schemas: Record<string, Json> };
  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(generated.schemas)) {
    const { $id: _, $schema: __, ...rest } = schema;
    out[name] = rest;
  }
  return out;
}
