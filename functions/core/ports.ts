/**
 * The outbound ports: what the use cases need from the world. Adapters (`functions/adapters/`)
 * implement them on DynamoDB, Cognito, SES, S3 and Step Functions; tests may hand in fakes.
 *
 * The ports live per concern under `ports/` (types only); this file re-exports every one of them, so the
 * concepts and the adapters import their ports from here as before, without importing each other. The
 * files of `ports/` import only the concepts' types and `ports/common.ts` (Page), never each other.
 */
export type * from './ports/common';
export type * from './ports/accounts';
export type * from './ports/notifications';
export type * from './ports/tickets';
export type * from './ports/incidents';
export type * from './ports/ledger';
export type * from './ports/exports';
