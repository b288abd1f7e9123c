import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Cron } from 'croner';
import { schedules } from '../../functions/jobs/schedules';

/**
 * The local stand-in for EventBridge Scheduler: one croner job per entry of `functions/jobs/schedules.ts`,
 * in the entry's time zone, calling the same handler the AWS schedule calls. Runs never overlap
 * (`protect`); a failed run is logged and the next one tries again, as the jobs are idempotent.
 */
export interface LocalScheduler {
  stop(): void;
}

export function startScheduler(jobsDir = resolve(import.meta.dirname, '../../functions/jobs')): LocalScheduler {
  const jobs = schedules.map(
    (spec) =>
      new Cron(spec.cron, { name: spec.name, timezone: spec.timeZone, protect: true }, async () => {
        try {
          const { handler } = (await import(pathToFileURL(resolve(jobsDir, `${spec.handler}.ts`)).href)) as { handler: () => Promise<unknown> };
          console.log(`scheduler: ${spec.name}`, JSON.stringify(await handler()));
        } catch (err) {
          console.error(`scheduler: ${spec.name} failed`, err);
        }
      }),
  );
  return { stop: () => jobs.forEach((job) => job.stop()) };
}
