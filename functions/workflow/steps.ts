import type { Access } from '#api/routes';

/**
 * The ticket workflow's tasks, as the route table is for the API: the CDK construct builds one function
 * per step and names the states after `state`; the local runner maps the ASL's function names back to
 * these handler files. States are business verbs; each task is idempotent, so a retried task or a re-run
 * execution converges instead of charging or emailing twice.
 */
export interface StepSpec {
  /** The state's name in the ASL. */
  state: string;
  /** `functions/workflow/<handler>.ts`, exporting `handler`. */
  handler: string;
  access: readonly Access[];
}

export const steps = {
  diagnose: { state: 'Diagnose', handler: 'diagnose-ticket', access: ['table:write'] },
  awaitFindings: { state: 'AwaitFindings', handler: 'await-findings', access: ['table:write', 'workflow:signal'] },
  attribute: { state: 'Attribute', handler: 'attribute-ticket', access: ['table:write'] },
  settle: { state: 'Settle', handler: 'settle-ticket', access: ['table:write'] },
  notify: { state: 'Notify', handler: 'notify-customer', access: ['table:write', 'email:send'] },
  close: { state: 'Close', handler: 'close-ticket', access: ['table:write'] },
  flag: { state: 'FlagForAttention', handler: 'flag-ticket', access: ['table:write'] },
} as const satisfies Record<string, StepSpec>;

export type StepName = keyof typeof steps;

/** How long a ticket may wait for the technician's findings before a supervisor is asked to look. */
export const FINDINGS_TIMEOUT_DAYS = 14;
