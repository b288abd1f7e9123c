/**
 * Proves the ticket workflow as deployed: the ASL the local stand-in runs is the synthesized template's
 * (function ARNs aside), states are the business verbs in order, every step retries transient errors and
 * flags the ticket on anything else, and a long silence at AwaitFindings flags and waits again.
 */
import { describe, expect, it } from 'vitest';
import { EMAIL_LEASE_SECONDS } from '../../functions/core/notifications/send';
import { steps } from '../../functions/workflow/steps';
import { aslWithHandlerNames, LOCAL_CONCLUSION_ARN, localWorkflowDefinition } from '../../infra/local/workflow-definition';
import { DEFAULT_WORKFLOW_RESERVED_CONCURRENCY } from '../../infra/monteore';
import { logicalId, synthesize } from './support';

const { service, serviceTemplate } = synthesize();
const machines = serviceTemplate.findResources('AWS::StepFunctions::StateMachine');
const machine = machines[logicalId(service.workflow.stateMachine)]!;
const child = machines[logicalId(service.workflow.conclusionMachine)]!;
const names = service.workflow.handlerByLogicalId(LOCAL_CONCLUSION_ARN);
const synthesized = aslWithHandlerNames(machine.Properties.DefinitionString, names);
const synthesizedChild = aslWithHandlerNames(child.Properties.DefinitionString, names);
type Retrier = { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string };
type State = { Type: string; Next?: string; End?: boolean; Resource?: string; TimeoutSeconds?: number; Retry?: Retrier[]; Catch?: { ErrorEquals: string[]; Next: string }[]; Parameters?: { FunctionName?: string } };
const states = { ...(synthesized.States as Record<string, State>), ...(synthesizedChild.States as Record<string, State>) };
const pathOf = (asl: Record<string, unknown>) => {
  const all = asl.States as Record<string, State>;
  const path: string[] = [];
  for (let name: string | undefined = asl.StartAt as string; name; name = all[name]!.End ? undefined : all[name]!.Next) path.push(name);
  return path;
};

describe('ticket workflow', () => {
  it('runs locally exactly the ASL that is deployed, parent and child', () => {
    const local = localWorkflowDefinition();
    expect(local.definition).toEqual(synthesized);
    expect(Object.values(local.children)).toEqual([synthesizedChild]);
  });

  it('is a Standard state machine that waits, and an Express child that concludes, both logged and traced', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(child.Properties.StateMachineType).toBe('EXPRESS');
    for (const m of [machine, child]) {
      expect(m.Properties.TracingConfiguration).toEqual({ Enabled: true });
      expect(m.Properties.LoggingConfiguration.Level).toBe('ALL');
    }
  });

  it('goes Diagnose → AwaitFindings → Conclude (Attribute → Settle → Notify → Close), each state calling its own step', () => {
    expect(pathOf(synthesized)).toEqual(['Diagnose', 'AwaitFindings', 'Conclude']);
    expect(pathOf(synthesizedChild)).toEqual(['Attribute', 'Settle', 'Notify', 'Close']);
    expect(states.Conclude!.Resource).toMatch(/states:startExecution\.sync:2$/);
    for (const step of Object.values(steps)) expect(states[step.state]?.Parameters?.FunctionName, step.state).toBe(step.handler);
  });

  it('retries transient errors everywhere; a failure anywhere flags the ticket', () => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      expect(state.Retry?.some((r) => r.ErrorEquals.includes('TransientError')), name).toBe(true);
      // The child's steps fail the child, which fails Conclude, which the parent catches.
      if (['FlagForAttention', 'FlagOverdue'].includes(name) || name in (synthesizedChild.States as object)) continue;
      expect(state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL') && c.Next === 'FlagForAttention'), name).toBe(true);
    }
    expect(states.FlagForAttention!.Next).toBe('Failed');
    expect(states.Failed!.Type).toBe('Fail');
  });

  it('retries throttling, Lambda service errors, killed functions and hung calls, bounded, with capped jittered backoff', () => {
    const lambdaErrors = ['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Sandbox.Timedout'];
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      expect(state.TimeoutSeconds, `${name} has a timeout`).toBeGreaterThan(0);
      const retried = new Set(state.Retry!.flatMap((r) => r.ErrorEquals));
      if (state.Resource!.includes('lambda:invoke')) for (const e of lambdaErrors) expect(retried.has(e), `${name} retries ${e}`).toBe(true);
      // AwaitFindings' timeout is the overdue path, not a failure to retry.
      expect(retried.has('States.Timeout'), `${name} retries States.Timeout`).toBe(name !== 'AwaitFindings');
      for (const r of state.Retry!) {
        if (r.ErrorEquals.includes('NoticeBusy')) continue; // its own schedule, checked below
        expect(r, `${name} ${r.ErrorEquals.join()}`).toMatchObject({ JitterStrategy: 'FULL', BackoffRate: 2 });
        expect(r.MaxAttempts!).toBeLessThanOrEqual(6);
        expect(r.MaxDelaySeconds!).toBeLessThanOrEqual(30);
      }
      // Nothing catches-all before a retrier could act (`States.ALL` is only ever a Catch).
      expect(retried.has('States.ALL'), name).toBe(false);
    }
  });

  it("waits out a claim held by an attempt that died mid-send: Notify retries NoticeBusy, evenly, for longer than the claim's lease", () => {
    const busy = states.Notify!.Retry!.find((r) => r.ErrorEquals.includes('NoticeBusy'));
    expect(busy).toMatchObject({ ErrorEquals: ['NoticeBusy'], BackoffRate: 1, JitterStrategy: 'NONE' });
    expect(busy!.IntervalSeconds! * busy!.MaxAttempts!).toBeGreaterThan(EMAIL_LEASE_SECONDS);
    for (const [name, state] of Object.entries(states)) if (name !== 'Notify') expect(state.Retry?.some((r) => r.ErrorEquals.includes('NoticeBusy')) ?? false, name).toBe(false);
  });

  it("keeps an email's claim longer than the Notify attempt that takes it can live", () => {
    const fn = serviceTemplate.findResources('AWS::Lambda::Function')[logicalId(service.workflow.functions.get('notify')!.function)]!;
    expect(fn.Properties.Timeout).toBeLessThan(EMAIL_LEASE_SECONDS);
    expect(states.Notify!.TimeoutSeconds).toBeLessThan(EMAIL_LEASE_SECONDS);
  });

  it('waits weeks for the findings, then flags the ticket as overdue and waits again', () => {
    const wait = states.AwaitFindings!;
    expect(wait.Resource).toMatch(/lambda:invoke\.waitForTaskToken$/);
    expect(wait.TimeoutSeconds).toBe(14 * 24 * 3600);
    expect(wait.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'FlagOverdue' });
    expect(states.FlagOverdue!.Next).toBe('AwaitFindings');
  });

  it('lets create-ticket start executions and the resolution route send task results, scoped to this state machine', () => {
    const policies = serviceTemplate.findResources('AWS::IAM::Policy');
    const machineRef = JSON.stringify({ Ref: logicalId(service.workflow.stateMachine) });
    const grants = Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((s) => JSON.stringify(s.Resource).includes(machineRef)));
    const actions = new Set(grants.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    expect(actions).toEqual(new Set(['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:DescribeExecution']));
    // DescribeExecution (the re-run route's "is it running?") only on this machine's executions.
    const describe = grants.filter((g) => [g.Action].flat().includes('states:DescribeExecution'));
    for (const g of describe) expect(JSON.stringify(g.Resource)).toMatch(/:execution:/);
  });
});

describe('reserved concurrency', () => {
  const lambdas = serviceTemplate.findResources('AWS::Lambda::Function');
  const reserved = (fn: { function: unknown }) => lambdas[logicalId(fn.function as never)]!.Properties.ReservedConcurrentExecutions as number | undefined;

  it('sets capacity aside for every step function, so an API burst cannot starve the workflow; the API shares the rest', () => {
    for (const [name, fn] of service.workflow.functions) expect(reserved(fn), name).toBe(DEFAULT_WORKFLOW_RESERVED_CONCURRENCY);
    for (const [name, fn] of service.api.functions) expect(reserved(fn), name).toBeUndefined();
    // Lambda refuses reservations that leave under 100 of the default 1,000 unreserved.
    expect(service.workflow.functions.size * DEFAULT_WORKFLOW_RESERVED_CONCURRENCY).toBeLessThanOrEqual(1000 - 100);
  });

  it('retries a step throttled at its reservation instead of flagging the ticket', () => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task' || !state.Resource?.includes('lambda:invoke')) continue;
      expect(state.Retry?.some((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException')), name).toBe(true);
    }
  });

  it('is a context setting: 0 reserves nothing (accounts on a small quota), anything else but a whole number is refused', () => {
    const none = synthesize({ workflowReservedConcurrency: '0' });
    const noneLambdas = none.serviceTemplate.findResources('AWS::Lambda::Function');
    for (const [name, fn] of none.service.workflow.functions) expect(noneLambdas[logicalId(fn.function)]!.Properties.ReservedConcurrentExecutions, name).toBeUndefined();
    expect(() => synthesize({ workflowReservedConcurrency: 'lots' })).toThrow(/workflowReservedConcurrency must be a whole number/);
  });
});
