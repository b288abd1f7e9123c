import { httpHandler } from './handler';

/** GET /health: answers without touching anything, so it measures the gateway and nothing else. */
export const handler = httpHandler({ route: 'get-health' }, async () => ({ status: 200, body: { status: 'ok' } }));
