import { runExport, type ExportDeps } from '#core/exports/use-cases';
import { exportSummary } from '#core/exports/exports';
import { DynamoEInvoicingSettings } from '#adapters/dynamodb/einvoicing-settings';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { S3ExportFiles } from '#adapters/s3-export-files';
import { env } from '#shared/env';
import { logger } from '#shared/logging';

/**
 * The monthly invoice export (`schedules.ts`): exactly what `POST /finance/exports` does with the default
 * `through`, the end of the last closed Rome month. A repeated or overlapping run returns the same export;
 * a run that died committed nothing (at most files no record names), so the next one simply runs again.
 */
export const makeMonthlyExport = (deps: ExportDeps) => async (input?: { through?: string }) => {
  const { created, record } = await runExport(deps, input?.through ? { through: input.through } : {});
  const summary = { created, ...exportSummary(record), csvKey: record.csv.key, jsonKey: record.json.key };
  (await logger()).info('invoice export', summary);
  return summary;
};

export const handler = makeMonthlyExport({
  exports: new DynamoExportStore(env.tableName),
  files: new S3ExportFiles(env.bucketName),
  einvoicing: new DynamoEInvoicingSettings(env.tableName),
  now: () => new Date(),
});
