/**
 * The request schemas live in `contracts/requests.ts`, with the operations that use them
 * (`contracts/operations.ts`); handlers keep importing them from here.
 */
export * from '#contracts/requests';
