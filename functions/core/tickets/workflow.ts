/**
 * The ticket workflow's use cases: one per state of the state machine, and the three routes that feed
 * it (findings, contest, decision). Every step is idempotent — it reads the ticket, decides, and writes
 * with a condition on the ticket's `round` — so a retried step or a re-run execution converges: the
 * ledger settles by (ticket, round), emails go through the outbox by notice id.
 *
 * A round is one pass from findings to close. Round 1 starts when the ticket is opened; an accepted
 * contest starts round 2, which attributes again (now `contest-accepted`, included) and settles to zero,
 * so every minute flows back to the bucket it came from.
 *
 * Split three ways, this file re-exporting them all so importers see one module: `workflow-ports.ts`
 * (the input, execution names, engine, store and `WorkflowDeps` both others use), `workflow-steps.ts`
 * (the state machine's steps), `workflow-routes.ts` (resolution, contest, decision, re-run).
 */
export * from './workflow-ports';
export * from './workflow-steps';
export * from './workflow-routes';
