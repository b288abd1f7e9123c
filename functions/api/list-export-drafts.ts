import type { CallerDirectory } from '#core/accounts/caller';
import { listExportDrafts, type DraftDownloadDeps } from '#core/einvoicing/draft-downloads';
import { secretCursorKey } from '#adapters/cursor-key';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { S3ExportFiles } from '#adapters/s3-export-files';
import type { CursorKey } from '#shared/cursors';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { DEFAULT_PAGE_SIZE, exportDraftsQuery } from './schemas';

/**
 * GET /finance/exports/{id}/drafts: the export's accounts by customer id, each with its drafts (type,
 * number, date, file name, figures, SHA-256) and the documents it did not get with the fields missing;
 * with the export's draft totals, which equal its CSV's totals to the cent.
 */
export const makeListExportDrafts = (deps: DraftDownloadDeps & { callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-export-drafts', query: exportDraftsQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ path, query }) => {
    const { record, manifest, page } = await listExportDrafts(deps, path.id!, { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) });
    const { manifest: _m, zip, ...totals } = record.drafts!;
    return {
      status: 200,
      body: { exportId: record.id, date: manifest.date, ...totals, zip: zip ? `/finance/exports/${record.id}/drafts.zip` : null, items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    };
  });

export const handler = makeListExportDrafts({
  exports: new DynamoExportStore(env.tableName),
  files: new S3ExportFiles(env.bucketName),
  now: () => new Date(),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  cursorKey: secretCursorKey,
});
