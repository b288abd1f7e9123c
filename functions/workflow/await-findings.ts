import { awaitFindings, type WorkflowInput } from '#core/tickets/workflow';
import { task, workflowDeps } from './wiring';

const deps = workflowDeps();

/** AwaitFindings (`.waitForTaskToken`): parks the token on the ticket; completes at once if the findings are in. */
export const handler = task((input: WorkflowInput & { taskToken: string }) => awaitFindings(deps, input));
