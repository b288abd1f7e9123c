import * as z from 'zod/mini';
import { httpHandler } from '#shared/http';
import { routes } from './routes';
import { requestSchemas } from './schemas';

const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
};

/** The OpenAPI 3.1 document, generated from the route table and the Zod request schemas. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const schemas = requestSchemas[route.handler] ?? {};
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (schemas.query) {
      const q = z.toJSONSchema(schemas.query, { io: 'input' }) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        params.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema: schema as { type: string } });
      }
    }
    const op: Record<string, unknown> = {
      operationId: route.handler,
      summary: route.summary,
      ...(route.auth === 'public' ? { security: [] } : { 'x-roles': route.auth }),
      ...(params.length ? { parameters: params } : {}),
      responses: {
        default: { description: 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
    if (schemas.body) {
      const { $schema: _, ...body } = z.toJSONSchema(schemas.body, { io: 'input' }) as Record<string, unknown>;
      op.requestBody = { required: true, content: { 'application/json': { schema: body } } };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'monteore', version: '1', description: 'Support tickets and the support-hours ledger. Minutes and cents are integers.' },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token' } },
      schemas: { Problem: PROBLEM },
    },
    paths,
  };
}

let cached: Record<string, unknown> | undefined;

export const handler = httpHandler({ route: 'get-openapi' }, async () => ({ status: 200, body: (cached ??= buildOpenApi()) }));
