import type { CallerDirectory } from '#core/caller';
import { readExportFile, type ExportDeps } from '#core/export-use-cases';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { S3ExportFiles, sha256Hex } from '#adapters/s3-export-files';
import { env } from '#shared/env';
import { httpHandler } from '#shared/http';

/**
 * GET /finance/exports/{id}: the export's file, `Accept: text/csv` → the CSV, otherwise the JSON (the
 * same lines). Served only if it still matches the SHA-256 recorded when it was written, which is also
 * sent as `x-checksum-sha256`.
 */
export const makeGetExport = (deps: Pick<ExportDeps, 'exports' | 'files'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'get-export', callers: deps.callers }, async ({ path, headers }) => {
    const format = /\btext\/csv\b/i.test(headers.accept ?? '') ? 'csv' : 'json';
    const { record, data } = await readExportFile({ ...deps, sha256: sha256Hex }, path.id!, format);
    return {
      status: 200,
      raw: data.toString('utf8'),
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${record.id}.${format}"`,
        'x-checksum-sha256': record[format].sha256,
        vary: 'accept',
      },
    };
  });

export const handler = makeGetExport({
  exports: new DynamoExportStore(env.tableName),
  files: new S3ExportFiles(env.bucketName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
});
