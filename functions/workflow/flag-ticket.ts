import { flagTicket, type Attention, type WorkflowInput } from '#core/tickets/workflow';
import { emitCount, METRICS } from '#shared/metrics';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/**
 * FlagForAttention / FlagOverdue: marks the ticket for a supervisor, with the failing step's error, and
 * counts it (`TicketsFlagged`, which the attention alarm watches).
 */
export const handler = task(async (input: WorkflowInput & { reason: Attention['reason']; error?: { Error?: string; Cause?: string } }) => {
  await flagTicket(deps, input);
  emitCount(METRICS.ticketsFlagged, 1, { ticketId: input.ticketId, reason: input.reason });
});
