import { settleTicket, type WorkflowInput } from '#core/tickets/workflow';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/** Settle: the ticket's billable minutes against the ledger, as this round's revision; returns the notices to send. */
export const handler = task((input: WorkflowInput) => settleTicket(deps, input));
