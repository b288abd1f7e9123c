import type { RootCause } from './attribution';
import type { Caller } from '../accounts/caller';
import { conflict, forbidden } from '../errors';
import type { TicketStore } from '../ports';
import type { Ticket, WorkflowRun } from './tickets';
import { findVisibleTicket } from './lookup';
import { assertRevision, staleRevision } from './revision';
import { executionName, rerunExecutionName, type WorkflowDeps } from './workflow-ports';

/**
 * The routes that drive the workflow: the findings (resolution), the customer's contest, the supervisor's
 * decision and re-run. Re-exported by `workflow.ts`.
 */
/**
 * POST /tickets/{id}/resolution: the findings are recorded first, then handed to the waiting task. If
 * the task is not waiting yet (or any more), AwaitFindings finds them on the ticket by itself.
 */
export async function recordResolution(
  deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'> & { tickets: Pick<TicketStore, 'historyPage'> },
  caller: Caller,
  rawId: string,
  input: { rootCause: RootCause; summary: string; revision?: number },
): Promise<Ticket> {
  const ticket = await findVisibleTicket(deps, caller, rawId);
  // With the revision the technician saw: refused (409, what changed) when the ticket moved since.
  await assertRevision(deps, caller, ticket, input.revision);
  const updated = await deps.store.recordFindings(ticket.id, { rootCause: input.rootCause, summary: input.summary, by: caller.username, at: deps.now().toISOString() }, input.revision);
  if (updated === 'refused') {
    const now = input.revision === undefined ? undefined : await deps.tickets.get(ticket.id);
    if (now && input.revision !== undefined && now.revision !== input.revision) throw await staleRevision(deps, caller, now, input.revision);
    throw conflict(`ticket ${ticket.number} is ${ticket.status}: its resolution is already recorded`);
  }
  // Started when the ticket was opened; starting again is a no-op then (same name, same input), and it
  // rescues a ticket whose start failed after it was written: its AwaitFindings finds the findings at once.
  await deps.engine.start({ ticketId: updated.id, customerId: updated.customerId, round: 1 });
  if (updated.taskToken) await deps.engine.signal(updated.taskToken);
  return updated;
}

/** POST /tickets/{id}/contest: once, by the customer, on a closed billable ticket. */
export async function contestTicket(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'now'>, caller: Caller, rawId: string, reason: string): Promise<Ticket> {
  if (caller.role !== 'customer') throw forbidden('only the customer contests a classification');
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const updated = await deps.store.openContest(ticket.id, { reason, by: caller.username, at: deps.now().toISOString(), status: 'pending' });
  if (updated === 'refused') {
    if (ticket.contest) throw conflict(`ticket ${ticket.number} has already been contested`);
    if (ticket.status !== 'closed') throw conflict(`ticket ${ticket.number} is ${ticket.status}: only a closed ticket can be contested`);
    throw conflict(`ticket ${ticket.number} is not billable: there is nothing to contest`);
  }
  return updated;
}

/**
 * POST /tickets/{id}/contest/decision: a supervisor accepts (round + 1: attributed again as included and
 * settled to zero, every minute back where it came from) or rejects (closed again, as it was).
 */
export async function decideContest(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'>, caller: Caller, rawId: string, input: { decision: 'accepted' | 'rejected'; note: string }): Promise<Ticket> {
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const updated = await deps.store.decideContest(ticket.id, { status: input.decision, decidedBy: caller.username, decidedAt: deps.now().toISOString(), note: input.note });
  if (updated === 'refused') {
    // The same acceptance again while its round has not closed: a retry after the start failed. Start again (idempotent).
    if (input.decision === 'accepted' && ticket.contest?.status === 'accepted' && ticket.status === 'contested') {
      await deps.engine.start({ ticketId: ticket.id, customerId: ticket.customerId, round: ticket.round });
      return ticket;
    }
    throw conflict(`ticket ${ticket.number} has no contest waiting for a decision`);
  }
  if (input.decision === 'accepted') await deps.engine.start({ ticketId: updated.id, customerId: updated.customerId, round: updated.round });
  return updated;
}

/**
 * POST /tickets/{id}/workflow/rerun: a supervisor runs a stuck ticket's workflow again — a fresh execution
 * of its current round, which converges (one debit, one email, closed once) because every step is
 * idempotent. Allowed when the workflow gave up (`attention` with reason `failed`), or when the ticket
 * waits for the workflow (`resolved`, or `contested` after an acceptance) and no execution of it runs.
 * Refused (409, saying why) on a closed ticket, a ticket whose workflow runs, and one still being worked
 * or waiting for a contest decision with nothing failed.
 */
export async function rerunWorkflow(deps: Pick<WorkflowDeps, 'tickets' | 'store' | 'engine' | 'now'>, caller: Caller, rawId: string): Promise<Ticket> {
  if (caller.role !== 'supervisor') throw forbidden('only a supervisor re-runs a ticket\'s workflow');
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const round = ticket.round;
  const input = { ticketId: ticket.id, customerId: ticket.customerId, round };
  if (ticket.status === 'closed') throw conflict(`ticket ${ticket.number} is closed: its workflow has nothing left to do`);
  const failed = ticket.attention?.reason === 'failed';
  if (!failed) {
    const waitsForWorkflow = ticket.status === 'resolved' || (ticket.status === 'contested' && ticket.contest?.status === 'accepted');
    if (!waitsForWorkflow) {
      throw conflict(
        ticket.status === 'contested'
          ? `ticket ${ticket.number} waits for a contest decision, not for its workflow`
          : `ticket ${ticket.number} is ${ticket.status} and its workflow has not failed: it waits for the findings`,
      );
    }
    const current = ticket.workflowRun?.round === round ? ticket.workflowRun.execution : executionName(input);
    if (await deps.engine.isRunning(current)) throw conflict(`ticket ${ticket.number}'s workflow is running (${current}): let it finish`);
  }
  const n = (ticket.workflowRuns ?? 0) + 1;
  const run: WorkflowRun = { execution: rerunExecutionName(input, n), round, by: caller.username, at: deps.now().toISOString(), ...(ticket.attention ? { attention: ticket.attention } : {}) };
  const updated = await deps.store.recordRerun(ticket.id, ticket, run);
  if (updated === 'refused') throw conflict(`ticket ${ticket.number} changed meanwhile (another re-run, or its workflow moved on): look at it again`);
  await deps.engine.start(input, { name: run.execution });
  return updated;
}
