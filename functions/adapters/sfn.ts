import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionName, type WorkflowEngine, type WorkflowInput } from '#core/tickets/workflow';
import { clientConfig } from './aws-config';

let shared: SFNClient | undefined;

/**
 * The ticket workflow on Step Functions (the local stand-in through `AWS_ENDPOINT_URL_SFN`). Starting
 * is idempotent by execution name; a signal whose task is gone is not an error, because the workflow's
 * AwaitFindings step also checks for recorded findings itself.
 */
export class SfnWorkflowEngine implements WorkflowEngine {
  /** `stateMachineArn` is read when first starting, so signal-only functions need no ARN. */
  constructor(
    private readonly stateMachineArn: () => string,
    private readonly client: SFNClient = (shared ??= new SFNClient(clientConfig())),
  ) {}

  async start(input: WorkflowInput, options: { name?: string } = {}): Promise<void> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn(), name: options.name ?? executionName(input), input: JSON.stringify(input) }));
    } catch (err) {
      // Already started for this ticket and round (a retried request, a replayed key): nothing to do.
      if ((err as Error).name !== 'ExecutionAlreadyExists') throw err;
    }
  }

  async isRunning(name: string): Promise<boolean> {
    const executionArn = `${this.stateMachineArn().replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      const out = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return out.status === 'RUNNING';
    } catch (err) {
      if ((err as Error).name === 'ExecutionDoesNotExist') return false;
      throw err;
    }
  }

  async signal(taskToken: string): Promise<boolean> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
      return true;
    } catch (err) {
      if (['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'].includes((err as Error).name)) return false;
      throw err;
    }
  }
}
