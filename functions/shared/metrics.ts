/**
 * CloudWatch metrics as Embedded Metric Format log lines: Lambda's log delivery turns each line into a
 * data point, with no API call on the step's path and no extra permission. The alarms of
 * `infra/constructs/alarms.ts` watch them, in the `METRICS_NAMESPACE` namespace, without dimensions.
 */
export const METRICS_NAMESPACE = 'Monteore';

/** The metrics the functions emit (the alarms name the same ones). */
export const METRICS = {
  /** A ticket flagged for attention (a step failed for good, or findings overdue). */
  ticketsFlagged: 'TicketsFlagged',
  /** A customer email whose send has an unknown outcome: never resent, a person checks. */
  emailsUnconfirmed: 'EmailsUnconfirmed',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

export function emitCount(name: MetricName, value = 1, properties: Record<string, string | number> = {}): void {
  const line = {
    _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: name, Unit: 'Count' }] }] },
    [name]: value,
    ...properties,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
