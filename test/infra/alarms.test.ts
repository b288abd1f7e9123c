/**
 * Proves the operator is told: the service stack alarms on failed and timed-out workflow executions
 * (parent and child), the API's 5xx rate, tickets flagged for attention and unconfirmed emails, each
 * notifying one KMS-encrypted, TLS-only SNS topic; and the metric names the alarms watch are the ones the
 * functions emit.
 */
import { describe, expect, it } from 'vitest';
import { METRICS, METRICS_NAMESPACE } from '../../functions/shared/metrics';
import { logicalId, resourcesOf, synthesize } from './support';

const { service, serviceTemplate: template } = synthesize();
/** What these tests read of an `AWS::CloudWatch::Alarm`. */
interface AlarmProperties {
  AlarmActions?: unknown[];
  AlarmDescription?: string;
  TreatMissingData?: string;
  MetricName?: string;
  Namespace?: string;
  Dimensions?: unknown[];
  Metrics?: { Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions?: unknown[] } } }[];
}
const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as AlarmProperties);
const topicRef = { Ref: logicalId(service.alarms.topic) };
const machineRef = (m: object) => ({ Ref: logicalId(m as never) });

describe('operator alarms', () => {
  it('every alarm notifies the operator topic; missing data is an alarm only for a daily job that did not report', () => {
    expect(alarms.length).toBeGreaterThanOrEqual(8);
    for (const a of alarms) {
      expect(a.AlarmActions, a.AlarmDescription).toEqual([topicRef]);
      expect(a.TreatMissingData, a.AlarmDescription).toBe(a.MetricName === 'ReconcileDrift' ? 'breaching' : 'notBreaching');
      expect(a.AlarmDescription).toMatch(/^monteore: /);
    }
  });

  it('the topic is encrypted with a rotated key and refuses plain HTTP', () => {
    const topic = resourcesOf(template, 'AWS::SNS::Topic')[logicalId(service.alarms.topic)]!;
    expect(topic.Properties.KmsMasterKeyId).toBeTruthy();
    const keys = Object.values(resourcesOf(template, 'AWS::KMS::Key'));
    expect(keys.some((k) => k.Properties.EnableKeyRotation === true)).toBe(true);
    const policies = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy'));
    expect(JSON.stringify(policies)).toContain('aws:SecureTransport');
  });

  it('failed and timed-out executions of both state machines', () => {
    for (const machine of [service.workflow.stateMachine, service.workflow.conclusionMachine]) {
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        const hit = alarms.find((a) => a.MetricName === metric && a.Namespace === 'AWS/States' && JSON.stringify(a.Dimensions).includes(JSON.stringify(machineRef(machine))));
        expect(hit, `${metric} of ${machine.node.path}`).toMatchObject({ Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      }
    }
  });

  it("the API's 5xx rate, from the HTTP API's own metrics", () => {
    const rate = alarms.find((a) => a.Metrics?.some((m) => /100 \* errors \/ requests/.test(m.Expression ?? '')));
    expect(rate).toBeDefined();
    const stats = rate!.Metrics!.flatMap((m) => (m.MetricStat ? [m.MetricStat] : []));
    const names = stats.map((m) => m.Metric.MetricName).sort();
    expect(names).toEqual(['5xx', 'Count']);
    for (const m of stats) expect(m.Metric.Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: logicalId(service.api.api) } }]);
  });

  it('tickets flagged for attention and unconfirmed emails, on the metrics the functions emit', () => {
    for (const name of [METRICS.ticketsFlagged, METRICS.emailsUnconfirmed]) {
      const hit = alarms.find((a) => a.Namespace === METRICS_NAMESPACE && a.MetricName === name);
      expect(hit, name).toMatchObject({ Statistic: 'Sum', Threshold: 1 });
      expect(hit!.Dimensions ?? []).toEqual([]);
    }
  });
});
