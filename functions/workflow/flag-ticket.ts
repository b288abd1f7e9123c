import { flagTicket, type Attention, type WorkflowInput } from '#core/workflow';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/** FlagForAttention / FlagOverdue: marks the ticket for a supervisor, with the failing step's error. */
export const handler = task((input: WorkflowInput & { reason: Attention['reason']; error?: { Error?: string; Cause?: string } }) => flagTicket(deps, input));
