import { Duration, Names, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CfnStateMachine,
  DefinitionBody,
  Fail,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  TaskInput,
  Timeout,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FINDINGS_TIMEOUT_DAYS, steps, type StepName } from '../../functions/workflow/steps';
import { ServiceFunction, type AccessBinder, type ServiceResources } from './service-function';

/**
 * The ticket workflow (Step Functions Standard, JSONPath: the local interpreter ignores JSONata), written
 * once. Diagnose → AwaitFindings (task token; a long silence flags the ticket for a supervisor and waits
 * again) → Attribute → Settle → Notify → Close. Transient errors are retried with capped, jittered backoff (`RETRIES`); anything else
 * flags the ticket for attention and fails the execution visibly.
 *
 * It also binds `workflow:start` (the API functions that start executions) and `workflow:signal` (the ones
 * that send the technician's findings back).
 */
export interface TicketWorkflowProps {
  /** What the step functions may be bound to (the table, mail). */
  resources: Omit<ServiceResources, 'workflow'>;
  /**
   * Concurrent executions reserved for each step function, so that a burst on the API (whose functions
   * share the account's unreserved pool) can never leave the workflow without capacity. It is also each
   * step's ceiling: a step over it is throttled, and retried (below). 0 reserves nothing.
   * @default 0
   */
  reservedConcurrency?: number;
}

/**
 * What is retried, and how (every step is idempotent, so a retry converges; attempts are bounded, so a
 * fault that does not pass ends in FlagForAttention, from which a supervisor re-runs the workflow):
 * - `TransientError`: ours — a classified AWS error (throttling, conflict, timeout, a service away) or a
 *   busy lease (`functions/workflow/wiring.ts`);
 * - Lambda's own: throttled, its service failing, the function killed at its timeout;
 * - `States.Timeout` of a Lambda task: the call hung past the task's timeout.
 * Backoff doubles from the interval, capped, with full jitter so that the tickets of one burst do not
 * retry in step. Worst case per task: about 2 minutes of waiting before it is flagged.
 */
export const RETRIES = {
  transient: { errors: ['TransientError'], interval: 1, maxAttempts: 6, maxDelay: 20 },
  lambda: {
    errors: [
      'Lambda.TooManyRequestsException',
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.Unknown',
      'Sandbox.Timedout',
    ],
    interval: 2,
    maxAttempts: 6,
    maxDelay: 30,
  },
  timeout: { errors: ['States.Timeout'], interval: 2, maxAttempts: 2, maxDelay: 10 },
  /**
   * Another attempt holds the email's claim (`NoticeBusyError`): wait, evenly and without jitter, for longer
   * than the claim's lease (EMAIL_LEASE_SECONDS), so that the claim of an attempt that died mid-send lapses
   * and the notice is settled (`unconfirmed`) instead of the ticket being flagged. 10 × 15 s = 150 s > 120 s.
   */
  noticeBusy: { errors: ['NoticeBusy'], interval: 15, maxAttempts: 10, maxDelay: 15, backoffRate: 1, jitter: false },
} as const satisfies Record<string, { errors: readonly string[]; interval: number; maxAttempts: number; maxDelay: number; backoffRate?: number; jitter?: boolean }>;

const STEP_INPUT = { 'ticketId.$': '$.ticketId', 'customerId.$': '$.customerId', 'round.$': '$.round' };

export class TicketWorkflow extends Construct implements AccessBinder<WorkflowAccess> {
  readonly stateMachine: StateMachine;
  /** The Express child that concludes a ticket once its findings are in. */
  readonly conclusionMachine: StateMachine;
  readonly functions: ReadonlyMap<StepName, ServiceFunction>;
  /** Step functions bound before the state machine existed (AwaitFindings signals it): granted once it does. */
  private readonly pending: [ServiceFunction, WorkflowAccess][] = [];

  constructor(scope: Construct, id: string, props: TicketWorkflowProps) {
    super(scope, id);
    const resources: ServiceResources = { ...props.resources, workflow: this };
    const functions = new Map<StepName, ServiceFunction>();
    for (const [name, step] of Object.entries(steps) as [StepName, (typeof steps)[StepName]][]) {
      functions.set(name, new ServiceFunction(this, `${step.state}Function`, { handler: step.handler, kind: 'workflow', access: step.access, resources, timeout: Duration.seconds(30), ...(props.reservedConcurrency ? { reservedConcurrency: props.reservedConcurrency } : {}) }));
    }
    this.functions = functions;
    const fn = (name: StepName) => functions.get(name)!.function;

    const retry = <T extends TaskStateBase>(task: T, kind: keyof typeof RETRIES): T => {
      const r: { errors: readonly string[]; interval: number; maxAttempts: number; maxDelay: number; backoffRate?: number; jitter?: boolean } = RETRIES[kind];
      return task.addRetry({
        errors: [...r.errors],
        interval: Duration.seconds(r.interval),
        backoffRate: r.backoffRate ?? 2,
        maxAttempts: r.maxAttempts,
        maxDelay: Duration.seconds(r.maxDelay),
        jitterStrategy: r.jitter === false ? JitterType.NONE : JitterType.FULL,
      }) as T;
    };
    /** A task that calls a Lambda to its end: every retrier. (AwaitFindings takes no timeout retry: its timeout is the overdue path.) */
    const retryTransient = <T extends TaskStateBase>(task: T, options: { timeouts?: boolean } = {}): T => {
      retry(task, 'transient');
      retry(task, 'lambda');
      if (options.timeouts ?? true) retry(task, 'timeout');
      return task;
    };

    const failed = new Fail(this, 'Failed', { error: 'TicketWorkflowFailed', cause: 'A step failed for good; the ticket is flagged for attention.' });
    const flag = retryTransient(
      new LambdaInvoke(this, steps.flag.state, {
        lambdaFunction: fn('flag'),
        payload: TaskInput.fromObject({ ...STEP_INPUT, reason: 'failed', 'error.$': '$.error' }),
        resultPath: JsonPath.DISCARD,
        retryOnServiceExceptions: false,
        taskTimeout: Timeout.duration(Duration.seconds(60)),
      }),
    ).next(failed);

    const lambdaStep = (name: StepName, options: { resultSelector?: Record<string, string>; resultPath?: string; payload?: Record<string, unknown> } = {}) =>
      retryTransient(
        new LambdaInvoke(this, steps[name].state, {
          lambdaFunction: fn(name),
          payload: TaskInput.fromObject({ ...STEP_INPUT, ...options.payload }),
          ...(options.resultSelector ? { resultSelector: options.resultSelector } : {}),
          resultPath: options.resultPath ?? JsonPath.DISCARD,
          retryOnServiceExceptions: false,
          // Locally a Task without a timeout stops at 60 s; on AWS the Lambda's own timeout (30 s) comes first.
          taskTimeout: Timeout.duration(Duration.seconds(60)),
        }),
      );

    const awaitFindings = new LambdaInvoke(this, steps.awaitFindings.state, {
      lambdaFunction: fn('awaitFindings'),
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ ...STEP_INPUT, taskToken: JsonPath.taskToken }),
      resultPath: JsonPath.DISCARD,
      retryOnServiceExceptions: false,
      // Weeks, but under the ~24.8 days past which a local timer fires at once.
      taskTimeout: Timeout.duration(Duration.days(FINDINGS_TIMEOUT_DAYS)),
    });
    const flagOverdue = retryTransient(
      new LambdaInvoke(this, 'FlagOverdue', {
        lambdaFunction: fn('flag'),
        payload: TaskInput.fromObject({ ...STEP_INPUT, reason: 'overdue' }),
        resultPath: JsonPath.DISCARD,
        retryOnServiceExceptions: false,
        taskTimeout: Timeout.duration(Duration.seconds(60)),
      }),
    );
    retryTransient(awaitFindings, { timeouts: false })
      .addCatch(flagOverdue.next(awaitFindings), { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD })
      .addCatch(flag, { resultPath: '$.error' });

    // Attribute → Settle → Notify → Close take a second and are idempotent: an Express child runs them for
    // a fraction of what four Standard transitions cost (bench/cost), started and awaited with `.sync:2`.
    const conclusion = lambdaStep('attribute')
      .next(lambdaStep('settle', { resultSelector: { 'notices.$': '$.Payload.notices' }, resultPath: '$.settlement' }))
      .next(retry(lambdaStep('notify', { payload: { 'notices.$': '$.settlement.notices' } }), 'noticeBusy'))
      .next(lambdaStep('close'));
    this.conclusionMachine = new StateMachine(this, 'ConclusionStateMachine', {
      stateMachineType: StateMachineType.EXPRESS,
      definitionBody: DefinitionBody.fromChainable(conclusion),
      tracingEnabled: true,
      timeout: Duration.minutes(5),
      logs: { destination: new LogGroup(this, 'ConclusionLogs', { retention: RetentionDays.THREE_MONTHS }), level: LogLevel.ALL, includeExecutionData: false },
      comment: 'A ticket with findings: fault attribution, debit, notification, close.',
    });
    const conclude = retryTransient(
      new StepFunctionsStartExecution(this, 'Conclude', {
        stateMachine: this.conclusionMachine,
        integrationPattern: IntegrationPattern.RUN_JOB,
        input: TaskInput.fromObject(STEP_INPUT),
        resultPath: JsonPath.DISCARD,
        taskTimeout: Timeout.duration(Duration.minutes(5)),
      }),
    ).addCatch(flag, { resultPath: '$.error' });

    const definition = lambdaStep('diagnose').addCatch(flag, { resultPath: '$.error' }).next(awaitFindings).next(conclude);

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      comment: 'A ticket from opening to close: diagnosis, findings, then the conclusion (attribution, debit, notification, close).',
    });
    for (const [target, access] of this.pending.splice(0)) this.bind(target, access);

    const stack = Stack.of(this);
    for (const role of [this.stateMachine.role, this.conclusionMachine.role]) {
      for (const f of functions.values()) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(f.function.node.defaultChild as CfnElement)}.Arn>:*]`,
          reason: "LambdaInvoke's grant: this one step function and its versions (`<arn>:*`), nothing else.",
        });
      }
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSampling*) and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) support no resource-level permissions.',
      });
    }
    // `.sync` on the child: the parent may describe and stop the child's executions, whose names are made at run time.
    const childName = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stack.getLogicalId(this.conclusionMachine.node.defaultChild as CfnElement)}"}]}]}`;
    Validations.of(this.stateMachine.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:states:${stack.region}:<AWS::AccountId>:execution:${childName}*]`,
      reason: 'StepFunctionsStartExecution .sync: DescribeExecution/StopExecution on the executions of the one conclusion state machine, whose names are made at run time.',
    });
  }

  bind(target: ServiceFunction, access: WorkflowAccess): void {
    if (!(this.stateMachine as StateMachine | undefined)) {
      this.pending.push([target, access]);
      return;
    }
    if (access === 'workflow:inspect') {
      // DescribeExecution on this state machine's executions (`execution:<name>:*`), nothing else.
      this.stateMachine.grantExecution(target, 'states:DescribeExecution');
      target.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
      // A function in a nested stack (the API's route stacks) sees the ARN through the parameter CDK makes
      // for it, `referenceto<the resource's unique id>Ref`; one in this stack sees the resource itself.
      const machine = this.stateMachine.node.defaultChild as CfnElement;
      const ref = Stack.of(target) === Stack.of(this) ? Stack.of(this).getLogicalId(machine) : `referenceto${Names.nodeUniqueId(machine.node)}Ref`;
      Validations.of(target.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:aws:states:${Stack.of(this).region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${ref}"}]}]}:*]`,
        reason: 'DescribeExecution on the executions of the one ticket state machine (their names are made at run time): whether a ticket\'s workflow runs before a supervisor re-runs it.',
      });
      return;
    }
    if (access === 'workflow:start') {
      this.stateMachine.grantStartExecution(target);
      target.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
      return;
    }
    // A policy of its own rather than the role's default one: the state machine refers to the step
    // functions, and a function depends on its role's default policy, so that would be a cycle.
    new Policy(target, 'SignalWorkflow', {
      roles: [target.role],
      statements: [
        new PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      ],
    });
  }

  /** A definition as CloudFormation will see it, ARN tokens still unresolved. */
  resolvedDefinition(machine: StateMachine = this.stateMachine): unknown {
    return Stack.of(this).resolve((machine.node.defaultChild as CfnStateMachine).definitionString);
  }

  /**
   * What each ARN token of the definitions stands for where there is no AWS (`infra/local`): a step function's
   * logical id → its handler name; the conclusion machine's → `conclusionArn`.
   */
  handlerByLogicalId(conclusionArn: string): Record<string, string> {
    const stack = Stack.of(this);
    const out: Record<string, string> = { [stack.getLogicalId(this.conclusionMachine.node.defaultChild as CfnElement)]: conclusionArn };
    for (const [name, f] of this.functions) out[stack.getLogicalId(f.function.node.defaultChild as never)] = steps[name].handler;
    return out;
  }
}

type WorkflowAccess = 'workflow:start' | 'workflow:signal' | 'workflow:inspect';
