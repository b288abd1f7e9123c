import { invalid, notFound } from '../errors';
import { DOWNLOAD_LINK_SECONDS } from '../exports/use-cases';
import type { ExportFile, ExportRecord } from '../exports/exports';
import type { ExportFiles, ExportStore, Page } from '../ports';
import { readManifest, type DraftListItem, type DraftManifest } from './export-drafts';

/**
 * Finance reads an export's drafts: the list (per account, its documents or what keeps it from having
 * them), one document, or all of them as one ZIP; the files through five-minute links, like the export's
 * CSV and JSON. An export made before the drafts existed has none (404).
 */
export interface DraftDownloadDeps {
  exports: ExportStore;
  files: ExportFiles;
  now: () => Date;
}

async function withManifest(deps: DraftDownloadDeps, id: string): Promise<{ record: ExportRecord; manifest: DraftManifest }> {
  const record = await deps.exports.get(id);
  if (!record) throw notFound(`export ${id}`);
  if (!record.drafts) throw notFound(`drafts of export ${id} (it was made before invoice drafts existed)`);
  const manifest = await readManifest(deps, record);
  if (!manifest) throw new Error(`export ${id}: its drafts list ${record.drafts.manifest.key} is missing`);
  return { record, manifest };
}

/** A page of the export's accounts, by customer id; the cursor is a position in that list (sealed by the edge). */
export async function listExportDrafts(deps: DraftDownloadDeps, id: string, query: { limit: number; cursor?: string }): Promise<{ record: ExportRecord; manifest: DraftManifest; page: Page<DraftListItem> }> {
  const { record, manifest } = await withManifest(deps, id);
  const start = query.cursor === undefined ? 0 : Number(query.cursor);
  if (!Number.isSafeInteger(start) || start < 0) throw invalid('cursor is not valid', [{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  const items = manifest.items.slice(start, start + query.limit);
  const next = start + items.length;
  return { record, manifest, page: { items, ...(next < manifest.items.length ? { nextCursor: String(next) } : {}) } };
}

export interface DraftLink {
  url: string;
  expiresAt: string;
  fileName: string;
  sha256: string;
  bytes: number;
}

async function linkTo(deps: DraftDownloadDeps, file: ExportFile, fileName: string, contentType: string): Promise<DraftLink> {
  const url = await deps.files.link(file, { filename: fileName, contentType, expiresInSeconds: DOWNLOAD_LINK_SECONDS });
  if (!url) throw new Error(`${file.key} is missing or not the ${file.bytes} bytes recorded`);
  return { url, expiresAt: new Date(deps.now().getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString(), fileName, sha256: file.sha256, bytes: file.bytes };
}

/** One draft by its file name (as the list gives it). */
export async function draftDownload(deps: DraftDownloadDeps, id: string, fileName: string): Promise<DraftLink> {
  const { manifest } = await withManifest(deps, id);
  const draft = manifest.items.flatMap((i) => i.drafts).find((d) => d.fileName === fileName);
  if (!draft) throw notFound(`draft ${fileName} of export ${id}`);
  return linkTo(deps, { key: `exports/${id}/drafts/${fileName}`, sha256: draft.sha256, bytes: draft.bytes }, fileName, 'application/xml; charset=utf-8');
}

/** Every draft of the export in one ZIP; 404 when the export has none. */
export async function draftsZipDownload(deps: DraftDownloadDeps, id: string): Promise<DraftLink> {
  const record = await deps.exports.get(id);
  if (!record) throw notFound(`export ${id}`);
  if (!record.drafts?.zip) throw notFound(`drafts of export ${id} (no account of it has one: GET /finance/exports/${id}/drafts says why)`);
  return linkTo(deps, record.drafts.zip, `${id}-drafts.zip`, 'application/zip');
}
