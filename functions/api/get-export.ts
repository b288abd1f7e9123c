import type { CallerDirectory } from '#core/accounts/caller';
import { exportDownload, type ExportDeps } from '#core/exports/use-cases';
import { exportSummary } from '#core/exports/exports';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { S3ExportFiles } from '#adapters/s3-export-files';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { getExportQuery } from './schemas';

/**
 * GET /finance/exports/{id}: the export's file, `Accept: text/csv` → the CSV, otherwise the JSON (the
 * same lines), as a 303 redirect to a download link that lives five minutes, so a file of any size goes
 * straight from S3 to the client. The response also carries, as JSON, the export's summary, the link, when
 * it expires and the file's SHA-256 (also `x-checksum-sha256`), for clients that do not follow redirects;
 * `?redirect=false` answers that as a 200 instead (a browser cannot read a cross-origin redirect's target).
 */
export const makeGetExport = (deps: Pick<ExportDeps, 'exports' | 'files' | 'now'> & { callers: CallerDirectory }) =>
  httpHandler({ route: 'get-export', query: getExportQuery, callers: deps.callers }, async ({ path, headers, query }) => {
    const format = /\btext\/csv\b/i.test(headers.accept ?? '') ? 'csv' : 'json';
    const { record, url, expiresAt } = await exportDownload(deps, path.id!, format);
    const file = record[format];
    const body = { ...exportSummary(record), format, url, expiresAt, sha256: file.sha256, bytes: file.bytes };
    const follow = query.redirect !== 'false';
    return {
      status: follow ? 303 : 200,
      body,
      headers: { ...(follow ? { location: url } : {}), 'x-checksum-sha256': file.sha256, vary: 'accept' },
    };
  });

export const handler = makeGetExport({
  exports: new DynamoExportStore(env.tableName),
  files: new S3ExportFiles(env.bucketName),
  now: () => new Date(),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
});
