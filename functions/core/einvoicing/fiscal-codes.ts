/** The checks of Italian fiscal identifiers live in `contracts/fiscal-codes.ts`: the request schemas and the drafts share them. */
export * from '#contracts/fiscal-codes';
