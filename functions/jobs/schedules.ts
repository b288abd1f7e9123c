import type { Access } from '#api/routes';
import { BUSINESS_TIME_ZONE } from '#core/periods';
import { METRICS_NAMESPACE } from '#shared/metrics';

/**
 * The scheduled jobs, as the route table is for the API: EventBridge Scheduler on AWS (one schedule per
 * entry, in `timeZone`, calling the function built from `functions/jobs/<handler>.ts`) and croner locally
 * (`infra/local/scheduler.ts`) read the same entries. Each job is idempotent, so a missed, repeated or
 * overlapping run converges.
 */
export interface ScheduleSpec {
  /** The schedule's name. */
  name: string;
  /** `functions/jobs/<handler>.ts`, exporting `handler`. */
  handler: string;
  /** Five fields, minute hour day-of-month month day-of-week, read in `timeZone`. */
  cron: string;
  timeZone: string;
  access: readonly Access[];
  summary: string;
  /**
   * A CloudWatch alarm on a metric the job publishes (EMF, dimension `service`): in alarm when the
   * metric's daily maximum is above `threshold`, or when no value arrived that day (the job did not run).
   */
  alarm?: { metric: string; threshold: number; description: string };
}

/** What the reconcile job publishes (namespace, the `service` dimension Powertools adds, metric names). */
export const RECONCILE_METRICS = {
  namespace: METRICS_NAMESPACE,
  service: 'monteore',
  /** Every difference found: balances against entries and closed tickets against worklogs and entries. */
  drift: 'ReconcileDrift',
  /** The closed tickets among them (logged → billable → charged). */
  ticketDrift: 'ReconcileTicketDrift',
  ticketsChecked: 'ReconcileTicketsChecked',
} as const;

export const schedules = [
  {
    name: 'expire-packages',
    handler: 'expire-packages',
    cron: '5 0 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    access: ['table:read', 'table:write'],
    summary: 'Every day at 00:05 in Rome: the minutes left on expired packages get their expire entry',
  },
  {
    name: 'monthly-export',
    handler: 'monthly-export',
    cron: '0 2 1 * *',
    timeZone: BUSINESS_TIME_ZONE,
    access: ['table:write', 'exports:write'],
    summary: 'On the 1st of each month at 02:00 in Rome: the invoice export of everything billable up to the month just closed',
  },
  {
    name: 'reconcile-ledger',
    handler: 'reconcile-ledger',
    cron: '30 3 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    access: ['table:read'],
    summary: 'Every day at 03:30 in Rome: balances against their entries, closed tickets against their worklogs and ledger entries; the drift as a metric',
    alarm: { metric: RECONCILE_METRICS.drift, threshold: 0, description: 'monteore: reconcile found drift (or did not run): balances or closed tickets disagree with the ledger; see the reconcile job log' },
  },
] as const satisfies readonly ScheduleSpec[];

/**
 * The same five fields as EventBridge Scheduler's six-field `cron(...)` expression: the year is added,
 * and one of day-of-month / day-of-week must be `?`.
 */
export function eventBridgeCron(spec: Pick<ScheduleSpec, 'cron'>): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = spec.cron.trim().split(/\s+/) as [string, string, string, string, string];
  const dom = dayOfWeek !== '*' && dayOfMonth === '*' ? '?' : dayOfMonth;
  const dow = dom === '?' ? dayOfWeek : '?';
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
}
