import type { CallerDirectory } from '#core/accounts/caller';
import { listExports, type ExportDeps } from '#core/exports/use-cases';
import { exportSummary } from '#core/exports/exports';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoExportStore } from '#adapters/dynamodb/export-store';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';
import { httpHandler } from './handler';
import { secretCursorKey } from '#adapters/cursor-key';
import { DEFAULT_PAGE_SIZE, exportsQuery } from './schemas';

/** GET /finance/exports: finished exports, newest first. */
export const makeListExports = (deps: Pick<ExportDeps, 'exports'> & { callers: CallerDirectory; cursorKey: CursorKey }) =>
  httpHandler({ route: 'list-exports', query: exportsQuery, callers: deps.callers, cursorKey: deps.cursorKey }, async ({ query }) => {
    const page = await listExports(deps, { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return { status: 200, body: { items: page.items.map(exportSummary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });

export const handler = makeListExports({ exports: new DynamoExportStore(env.tableName), callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds), cursorKey: secretCursorKey });
