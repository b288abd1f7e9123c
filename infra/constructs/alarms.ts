import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IAlarm, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS, METRICS_NAMESPACE } from '../../functions/shared/metrics';

export interface OperatorAlarmsProps {
  /** The ticket workflow's Standard machine and its Express child. */
  stateMachines: Record<string, IStateMachine>;
  httpApi: IHttpApi;
}

/** Above this share of 5xx answers (percent, over five minutes with at least `MIN_REQUESTS`), the API alarms. */
export const API_5XX_PERCENT = 1;
const MIN_REQUESTS = 20;
const PERIOD = Duration.minutes(5);

/**
 * What wakes the operator, in one place, each alarm to one SNS topic (KMS-encrypted, TLS only):
 * - a ticket workflow execution failed or timed out (the Standard machine and the Express child);
 * - the API answered 5xx to more than `API_5XX_PERCENT` % of requests (a client mistake is never a 5xx, so
 *   any is a fault of ours);
 * - a ticket was flagged for attention (`TicketsFlagged`, emitted by the flag step as EMF);
 * - a customer email's send has an unknown outcome (`EmailsUnconfirmed`: a person checks SES and resends).
 * Other constructs add theirs with `add` (the reconcile job's drift alarm).
 */
export class OperatorAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: IAlarm[] = [];

  constructor(scope: Construct, id: string, props: OperatorAlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN, description: 'monteore operator alarms topic' });
    // CloudWatch publishes alarm notifications to the encrypted topic: it needs the key.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'monteore operator', masterKey: key, enforceSSL: true });

    for (const [name, machine] of Object.entries(props.stateMachines)) {
      this.add(`${name}ExecutionsFailed`, machine.metricFailed({ period: PERIOD, statistic: 'Sum' }), `${name}: a ticket workflow execution failed (the ticket is flagged; re-run it once the cause is fixed)`);
      this.add(`${name}ExecutionsTimedOut`, machine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }), `${name}: a ticket workflow execution timed out`);
    }

    const apiMetric = (metricName: string) =>
      new Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: { ApiId: props.httpApi.apiId }, statistic: 'Sum', period: PERIOD });
    const rate = new MathExpression({
      expression: `IF(requests >= ${MIN_REQUESTS}, 100 * errors / requests, 0)`,
      usingMetrics: { errors: apiMetric('5xx'), requests: apiMetric('Count') },
      period: PERIOD,
      label: 'API 5xx %',
    });
    this.add('Api5xxRate', rate, `the API answered 5xx to more than ${API_5XX_PERCENT} % of requests`, API_5XX_PERCENT, ComparisonOperator.GREATER_THAN_THRESHOLD);

    const ours = (metricName: string) => new Metric({ namespace: METRICS_NAMESPACE, metricName, statistic: 'Sum', period: PERIOD });
    this.add('TicketsFlagged', ours(METRICS.ticketsFlagged), 'a ticket was flagged for attention: a workflow step failed for good, or findings are overdue');
    this.add('EmailsUnconfirmed', ours(METRICS.emailsUnconfirmed), 'a customer email has an unknown outcome: check SES sending records, resend by hand if it never left');
  }

  /** Notifies the operator topic of an alarm another construct made (the reconcile job's drift alarm). */
  watch(alarm: Alarm): Alarm {
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  /** An alarm on `metric` reaching `threshold` in one period, notifying the operator topic. */
  add(id: string, metric: IMetric, description: string, threshold = 1, comparison = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator: comparison,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `monteore: ${description}`,
    });
    return this.watch(alarm);
  }
}
