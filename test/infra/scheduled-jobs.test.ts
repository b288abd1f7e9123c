// Proves the scheduled jobs on AWS: one EventBridge Scheduler schedule per entry of
// functions/jobs/schedules.ts, in Europe/Rome (the monthly invoice export on the 1st at 02:00), each
// invoking only its own job function, and each job function's role reaching only what its access list
// names: the export job the table and the exports bucket, never Cognito, SES or Step Functions. The
// daily reconcile job reads the table only, and an alarm watches the drift it publishes (and its absence).
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECONCILE_METRICS, schedules } from '../../functions/jobs/schedules';
import { resourcesOf, synthesize, type Synthesized } from './support';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);

describe('scheduled jobs', () => {
  it('has one schedule per job, in its time zone, with the cron it declares', () => {
    const found = Object.values(resourcesOf(synth.serviceTemplate, 'AWS::Scheduler::Schedule')).map((r) => r.Properties);
    expect(found).toHaveLength(schedules.length);
    const monthly = found.find((p) => p.ScheduleExpression === 'cron(0 2 1 * ? *)');
    expect(monthly, 'the 1st of each month at 02:00').toBeDefined();
    expect(monthly!.ScheduleExpressionTimezone).toBe('Europe/Rome');
    expect(monthly!.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    for (const p of found) expect(p.ScheduleExpressionTimezone).toBe('Europe/Rome');
  });

  it('lets each schedule invoke its own job function and nothing else', () => {
    const stack = synth.service;
    for (const job of synth.service.jobs.jobs) {
      const schedule = resourcesOf(synth.serviceTemplate, 'AWS::Scheduler::Schedule')[stack.getLogicalId(job.schedule)]!;
      const target = schedule.Properties.Target as { Arn: unknown; RoleArn: unknown };
      expect(target.Arn).toEqual(stack.resolve(job.fn.function.functionArn));
      expect(target.RoleArn).toEqual(stack.resolve(job.invoker.roleArn));
      const policies = Object.values(resourcesOf(synth.serviceTemplate, 'AWS::IAM::Policy')).filter((p) =>
        list(p.Properties.Roles).some((r) => JSON.stringify(r) === JSON.stringify(stack.resolve(job.invoker.roleName))),
      );
      const statements = policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement);
      expect(statements).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: stack.resolve(job.fn.function.functionArn) }]);
    }
  });

  it('gives the monthly export job the table and the exports bucket only', () => {
    const job = synth.service.jobs.jobs.find((j) => j.spec.name === 'monthly-export')!;
    expect(job).toBeDefined();
    const stack = Stack.of(job.fn);
    const roleName = JSON.stringify(stack.resolve(job.fn.role.roleName));
    const statements = Object.values(resourcesOf(synth.serviceTemplate, 'AWS::IAM::Policy'))
      .filter((p) => list(p.Properties.Roles).some((r) => JSON.stringify(r) === roleName))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement);
    const services = new Set(statements.flatMap((s) => list(s.Action)).map((a) => String(a).split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 's3', 'xray']);
    expect(statements.flatMap((s) => list(s.Action))).toEqual(expect.arrayContaining(['s3:PutObject', 'dynamodb:UpdateItem']));
    const fnProps = resourcesOf(synth.serviceTemplate, 'AWS::Lambda::Function')[stack.getLogicalId(job.fn.function.node.defaultChild as never)]!.Properties;
    expect(Object.keys((fnProps.Environment as { Variables: Record<string, unknown> }).Variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME']));
    expect(fnProps.Timeout).toBe(900);
  });

  it('runs reconcile daily with read-only table access, and alarms on its drift metric or a day without it', () => {
    const job = synth.service.jobs.jobs.find((j) => j.spec.name === 'reconcile-ledger')!;
    expect(job, 'the reconcile job is deployed').toBeDefined();
    const stack = Stack.of(job.fn);
    const schedule = resourcesOf(synth.serviceTemplate, 'AWS::Scheduler::Schedule')[stack.getLogicalId(job.schedule)]!;
    expect(schedule.Properties.ScheduleExpression).toBe('cron(30 3 * * ? *)');
    const roleName = JSON.stringify(stack.resolve(job.fn.role.roleName));
    const actions = Object.values(resourcesOf(synth.serviceTemplate, 'AWS::IAM::Policy'))
      .filter((p) => list(p.Properties.Roles).some((r) => JSON.stringify(r) === roleName))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement)
      .flatMap((s) => list(s.Action))
      .map(String);
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:Scan']));
    expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    const alarm = resourcesOf(synth.serviceTemplate, 'AWS::CloudWatch::Alarm')[stack.getLogicalId(job.alarm!.node.defaultChild as never)]!.Properties;
    expect(alarm).toMatchObject({
      Namespace: RECONCILE_METRICS.namespace,
      MetricName: RECONCILE_METRICS.drift,
      Dimensions: [{ Name: 'service', Value: RECONCILE_METRICS.service }],
      Statistic: 'Maximum',
      Period: 86400,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
    });
  });
});
