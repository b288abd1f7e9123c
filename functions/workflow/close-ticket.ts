import { closeTicket, type WorkflowInput } from '#core/tickets/workflow';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/** Close: status closed, closedAt, once per round. */
export const handler = task((input: WorkflowInput) => closeTicket(deps, input));
