/**
 * Response schemas: what each operation answers on success. They document the API (OpenAPI,
 * `docs/api.md`) and the typed client's results; tests parse every 2xx body with them, so a response
 * that drifts from its schema fails a test. Objects are not strict: the API may add fields (never drop
 * or rename them), and a client must ignore what it does not know. Times are ISO 8601 UTC strings,
 * durations integer minutes, money integer cents net of VAT.
 *
 * The schemas live per concern under `responses/`; this file re-exports every one of them, so importers
 * (and `openapi.ts`, which names a component after every exported schema) see one module. `responses/scalars.ts`
 * (instant, minutes, cents) is deliberately not re-exported: it would add components to the OpenAPI.
 * Dependencies between the files go one way: scalars ← common, hours, incidents ← accounts, tickets ←
 * exports (accounts), queue (tickets).
 */
export * from './responses/common';
export * from './responses/hours';
export * from './responses/incidents';
export * from './responses/accounts';
export * from './responses/tickets';
export * from './responses/exports';
export * from './responses/queue';
