import { attributeTicket, type WorkflowInput } from '#core/tickets/workflow';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/** Attribute: the fault-attribution rules, kept on the ticket with reason and rule. */
export const handler = task((input: WorkflowInput) => attributeTicket(deps, input));
