import { diagnose, type WorkflowInput } from '#core/tickets/workflow';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/** Diagnose: the automatic checks (an incident covering the account makes the ticket ours). */
export const handler = task((input: WorkflowInput) => diagnose(deps, input));
