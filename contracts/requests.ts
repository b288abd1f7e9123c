/**
 * Request schemas: what each operation takes in its body and its query. The server parses every request
 * with them at the edge (`functions/shared/http.ts`), the OpenAPI document and `docs/api.md` are generated
 * from them, and the portal may check a form with them before sending. `zod/mini` keeps bundles small
 * (~16 KB against ~450 KB for classic zod). Every object is strict: an unknown field is a 400, so
 * `customerId`, `status`, `balance`… cannot be smuggled in.
 *
 * The schemas live per concern under `requests/`; this file re-exports every one of them, so importers see
 * one module. Every file builds on `requests/common.ts` and on nothing else of `requests/`.
 */
export * from './requests/common';
export * from './requests/accounts';
export * from './requests/fiscal';
export * from './requests/tickets';
export * from './requests/incidents';
export * from './requests/hours';
export * from './requests/exports';
