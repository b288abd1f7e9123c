import { runExport, type ExportDeps } from '#core/export-use-cases';
import { exportSummary } from '#core/exports';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { S3ExportFiles } from '#adapters/s3-export-files';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';
import { createExportBody } from './schemas';

/**
 * POST /finance/exports: everything billable and not yet exported before `through` (default: the end of
 * the last closed Rome month) → 201 with the new export; nothing new, or another run building one → 200
 * with that export. The monthly job (`functions/jobs/monthly-export.ts`) does the same with no body.
 */
export const makeCreateExport = (deps: ExportDeps) =>
  httpHandler({ route: 'create-export', body: createExportBody }, async ({ body }) => {
    const { created, record } = await runExport(deps, body?.through !== undefined ? { through: body.through } : {});
    return { status: created ? 201 : 200, body: exportSummary(record), headers: { location: `/finance/exports/${record.id}` } };
  });

export const handler = makeCreateExport({
  exports: new DynamoExportStore(env.tableName),
  files: new S3ExportFiles(env.bucketName),
  now: () => new Date(),
});
