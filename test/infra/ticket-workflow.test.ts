/**
 * Proves the ticket workflow as deployed: the ASL the local stand-in runs is the synthesized template's
 * (function ARNs aside), states are the business verbs in order, every step retries transient errors and
 * flags the ticket on anything else, and a long silence at AwaitFindings flags and waits again.
 */
import { describe, expect, it } from 'vitest';
import { steps } from '../../functions/workflow/steps';
import { aslWithHandlerNames, localWorkflowDefinition } from '../../infra/constructs/ticket-workflow';
import { synthesize } from './support';

const { service, serviceTemplate } = synthesize();
const [, machine] = Object.entries(serviceTemplate.findResources('AWS::StepFunctions::StateMachine'))[0]!;
const synthesized = aslWithHandlerNames(machine.Properties.DefinitionString, service.workflow.handlerByLogicalId());
type State = { Type: string; Next?: string; End?: boolean; Resource?: string; TimeoutSeconds?: number; Retry?: { ErrorEquals: string[] }[]; Catch?: { ErrorEquals: string[]; Next: string }[]; Parameters?: { FunctionName?: string } };
const states = synthesized.States as Record<string, State>;

describe('ticket workflow', () => {
  it('runs locally exactly the ASL that is deployed', () => {
    expect(localWorkflowDefinition()).toEqual(synthesized);
  });

  it('is a Standard state machine with full logging and tracing', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
  });

  it('goes Diagnose → AwaitFindings → Attribute → Settle → Notify → Close, each state calling its own step', () => {
    const path: string[] = [];
    for (let name: string | undefined = synthesized.StartAt as string; name; name = states[name]!.End ? undefined : states[name]!.Next) path.push(name);
    expect(path).toEqual(['Diagnose', 'AwaitFindings', 'Attribute', 'Settle', 'Notify', 'Close']);
    for (const step of Object.values(steps)) expect(states[step.state]?.Parameters?.FunctionName, step.state).toBe(step.handler);
  });

  it('retries transient errors everywhere and flags the ticket on anything else', () => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      expect(state.Retry?.some((r) => r.ErrorEquals.includes('TransientError')), name).toBe(true);
      if (name === 'FlagForAttention' || name === 'FlagOverdue') continue;
      expect(state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL') && c.Next === 'FlagForAttention'), name).toBe(true);
    }
    expect(states.FlagForAttention!.Next).toBe('Failed');
    expect(states.Failed!.Type).toBe('Fail');
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
    const machineRef = JSON.stringify({ Ref: Object.keys(serviceTemplate.findResources('AWS::StepFunctions::StateMachine'))[0] });
    const grants = Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((s) => JSON.stringify(s.Resource).includes(machineRef)));
    const actions = new Set(grants.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    expect(actions).toEqual(new Set(['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat']));
  });
});
