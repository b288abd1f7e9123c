import { buildOpenApi } from '#contracts/openapi';
import { httpHandler } from './handler';

/** GET /openapi.json: the OpenAPI 3.1 document, generated from the operation table in `contracts/` once per cold start. */
let cached: Record<string, unknown> | undefined;

export const handler = httpHandler({ route: 'get-openapi' }, async () => ({ status: 200, body: (cached ??= buildOpenApi()) }));
