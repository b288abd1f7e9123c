import type { CallerDirectory } from '#core/accounts/caller';
import { runExport, type ExportDeps } from '#core/exports/use-cases';
import { exportSummary } from '#core/exports/exports';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoEInvoicingSettings } from '#adapters/dynamodb/einvoicing-settings';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { S3ExportFiles } from '#adapters/s3-export-files';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { createExportBody } from './schemas';

/**
 * POST /finance/exports: the billable entries from the latest export's `through` up to this `through`
 * (default: the end of the last closed Rome month) → 201 with the new export; nothing new, or a
 * concurrent run that committed first → 200 with the latest export. The monthly job (`functions/jobs/monthly-export.ts`) does the same with no body.
 */
export const makeCreateExport = (deps: ExportDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'create-export', body: createExportBody, callers: deps.callers }, async ({ body }) => {
    const { created, record } = await runExport(deps, body?.through !== undefined ? { through: body.through } : {});
    return { status: created ? 201 : 200, body: exportSummary(record), headers: { location: `/finance/exports/${record.id}` } };
  });

export const handler = makeCreateExport({
  exports: new DynamoExportStore(env.tableName),
  files: new S3ExportFiles(env.bucketName),
  einvoicing: new DynamoEInvoicingSettings(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
