import type { Access } from '#api/routes';
import { BUSINESS_TIME_ZONE } from '#core/periods';

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
}

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
