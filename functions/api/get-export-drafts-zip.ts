import type { CallerDirectory } from '#core/accounts/caller';
import { draftsZipDownload, type DraftDownloadDeps } from '#core/einvoicing/draft-downloads';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { S3ExportFiles } from '#adapters/s3-export-files';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { draftFileQuery } from './schemas';

/** GET /finance/exports/{id}/drafts.zip: every draft of the export in one ZIP, as a 303 to a five-minute link (`?redirect=false`: the link as a 200 JSON), like the export's files. */
export const makeGetExportDraftsZip = (deps: DraftDownloadDeps & { callers: CallerDirectory }) =>
  httpHandler({ route: 'get-export-drafts-zip', query: draftFileQuery, callers: deps.callers }, async ({ path, query }) => {
    const link = await draftsZipDownload(deps, path.id!);
    const follow = query.redirect !== 'false';
    return { status: follow ? 303 : 200, body: link, headers: { ...(follow ? { location: link.url } : {}), 'x-checksum-sha256': link.sha256 } };
  });

export const handler = makeGetExportDraftsZip({
  exports: new DynamoExportStore(env.tableName),
  files: new S3ExportFiles(env.bucketName),
  now: () => new Date(),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
});
