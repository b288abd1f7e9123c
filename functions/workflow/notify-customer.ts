import type { Notice } from '#core/notifications/notices';
import { notifyCustomer, type WorkflowInput } from '#core/tickets/workflow';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/** Notify: each notice of the settle step once, in the account's language. */
export const handler = task((input: WorkflowInput & { notices: Notice[] }) => notifyCustomer(deps, input));
