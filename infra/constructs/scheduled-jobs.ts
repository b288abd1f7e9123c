import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { eventBridgeCron, RECONCILE_METRICS, schedules, type ScheduleSpec } from '../../functions/jobs/schedules';
import { ServiceFunction, type ServiceResources } from './service-function';

export interface ScheduledJobsProps {
  resources: ServiceResources;
  /** @default schedules (functions/jobs/schedules.ts) */
  jobs?: readonly ScheduleSpec[];
}

/** A job's function and the schedule that calls it. */
export interface ScheduledJob {
  spec: ScheduleSpec;
  fn: ServiceFunction;
  schedule: CfnSchedule;
  /** What EventBridge Scheduler assumes to invoke `fn`: that one function, nothing else. */
  invoker: Role;
  /** The alarm on the metric the job publishes, when its spec declares one (reconcile's drift). */
  alarm?: Alarm;
}

/**
 * Every scheduled job of `functions/jobs/schedules.ts` (the daily package expiry, the monthly invoice
 * export…): one function per job, built with the job's own `access` list, and one EventBridge Scheduler
 * schedule in the job's time zone (Europe/Rome: the 1st at 02:00 stays 02:00 across daylight saving).
 * `infra/local/scheduler.ts` runs the same entries with croner. Jobs are idempotent, so the scheduler's
 * retries and an occasional double delivery converge.
 */
export class ScheduledJobs extends Construct {
  readonly jobs: ScheduledJob[];

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.jobs = (props.jobs ?? (schedules as readonly ScheduleSpec[])).map((spec) => {
      const job = new Construct(this, spec.name);
      const fn = new ServiceFunction(job, 'Function', {
        handler: spec.handler,
        kind: 'jobs',
        access: spec.access,
        resources: props.resources,
        // A job reads and writes page by page; a run cut short changes nothing (an export commits in one
        // transaction, expiry entries are idempotent), so the next run simply does the work again.
        timeout: Duration.minutes(15),
        memorySize: 1024,
      });
      const invoker = new Role(job, 'Invoker', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com'), description: `monteore scheduler invokes ${spec.handler}` });
      invoker.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }));
      const schedule = new CfnSchedule(job, 'Schedule', {
        description: spec.summary,
        scheduleExpression: eventBridgeCron(spec),
        scheduleExpressionTimezone: spec.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.function.functionArn,
          roleArn: invoker.roleArn,
          input: '{}',
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 6 * 3600 },
        },
      });
      const alarm = spec.alarm ? jobAlarm(job, spec.alarm) : undefined;
      return { spec, fn, schedule, invoker, ...(alarm ? { alarm } : {}) };
    });
  }
}

/**
 * In alarm when the job's metric was above the threshold on a day, or absent that day: a daily job that
 * did not report is as bad as one that found drift. Actions (an SNS topic) are the alerting construct's.
 */
function jobAlarm(scope: Construct, alarm: NonNullable<ScheduleSpec['alarm']>): Alarm {
  return new Alarm(scope, 'Alarm', {
    alarmDescription: alarm.description,
    metric: new Metric({
      namespace: RECONCILE_METRICS.namespace,
      metricName: alarm.metric,
      dimensionsMap: { service: RECONCILE_METRICS.service },
      statistic: 'Maximum',
      period: Duration.days(1),
    }),
    threshold: alarm.threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.BREACHING,
  });
}
