import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Zip, ZipDeflate } from 'fflate';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Upload } from '@aws-sdk/lib-storage';
import { stringify } from 'csv-stringify/sync';
import { type ExportFile } from '#core/exports/exports';
import { csvSafeText, DECIMAL_COLUMNS, LINE_COLUMNS, type ExportLine } from '#core/exports/lines';
import type { ExportFiles } from '#core/ports';
import { clientConfig } from './aws-config';

let client: S3Client | undefined;

/**
 * One S3 client per process. Path-style addressing works on AWS and on s3rver alike (which has no
 * virtual-host names); the endpoint comes from the SDK's own `AWS_ENDPOINT_URL_S3` when set.
 */
export function s3Client(): S3Client {
  client ??= new S3Client({ ...clientConfig({ streaming: true }), forcePathStyle: true });
  return client;
}

/** Passes bytes through and keeps their SHA-256 and count: the checksum of exactly what was uploaded. */
class Digest extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  get sha256(): string {
    return this.hash.digest('hex');
  }
}

export const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** csv-stringify's options for every page: RFC 4180 with CRLF, text cells neutralised against formula injection. */
const CSV_OPTIONS = {
  columns: [...LINE_COLUMNS],
  record_delimiter: 'windows',
  // A credit's `-0.50` hours is a number we wrote, not a formula: decimal columns stay as they are.
  cast: { string: (value: string, context: { column?: string | number }) => (DECIMAL_COLUMNS.has(String(context.column)) ? value : csvSafeText(value)) },
} as const;

/** Part size of the multipart uploads; with `QUEUE` parts in flight per file, memory stays bounded. */
const PART_BYTES = 5 * 1024 * 1024;
const QUEUE = 1;
/** Draft objects uploaded at once. */
const DRAFT_UPLOADS = 16;

/**
 * The export files in the exports bucket: the CSV (RFC 4180: CRLF, quoted where needed, header row,
 * UTF-8, by csv-stringify) and the JSON (`{id, from?, through, createdAt, columns, lines}`), both streamed from
 * one pass over the lines, a page at a time, into multipart uploads, so memory does not grow with the export.
 */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly bucket: string,
    private readonly s3: S3Client = s3Client(),
  ) {}

  async write(prefix: string, header: { id: string; from?: string; through: string; createdAt: string }, pages: AsyncIterable<readonly ExportLine[]>): Promise<{ csv: ExportFile; json: ExportFile }> {
    const csv = new PassThrough();
    const json = new PassThrough();
    const csvDigest = new Digest();
    const jsonDigest = new Digest();
    csv.pipe(csvDigest);
    json.pipe(jsonDigest);
    const upload = (body: Digest, key: string, contentType: string) =>
      new Upload({ client: this.s3, params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }, partSize: PART_BYTES, queueSize: QUEUE }).done();
    const keys = { csv: `${prefix}.csv`, json: `${prefix}.json` };
    const done = Promise.all([upload(csvDigest, keys.csv, 'text/csv; charset=utf-8'), upload(jsonDigest, keys.json, 'application/json; charset=utf-8')]);
    // A failed upload must not leave the writer waiting for a drain that never comes.
    done.catch(() => undefined);
    const write = async (stream: NodeJS.WritableStream, chunk: string) => {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
    };

    await write(
      json,
      `{"id":${JSON.stringify(header.id)},${header.from !== undefined ? `"from":${JSON.stringify(header.from)},` : ''}"through":${JSON.stringify(header.through)},"createdAt":${JSON.stringify(header.createdAt)},"columns":${JSON.stringify(LINE_COLUMNS)},"lines":[`,
    );
    // A page at a time: one csv-stringify call and one string per file, not a stream write per line.
    let first = true;
    for await (const page of pages) {
      await write(csv, stringify(page as ExportLine[], { ...CSV_OPTIONS, header: first }));
      await write(json, page.map((line, i) => `${first && i === 0 ? '\n' : ',\n'}${JSON.stringify(line)}`).join(''));
      if (page.length) first = false;
    }
    if (first) await write(csv, stringify([], { ...CSV_OPTIONS, header: true }));
    csv.end();
    json.end('\n]}\n');
    await done;
    return {
      csv: { key: keys.csv, sha256: csvDigest.sha256, bytes: csvDigest.bytes },
      json: { key: keys.json, sha256: jsonDigest.sha256, bytes: jsonDigest.bytes },
    };
  }

  async link(file: ExportFile, download: { filename: string; contentType: string; expiresInSeconds: number }): Promise<string | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: file.key }));
      if (head.ContentLength !== file.bytes) return undefined;
    } catch (err) {
      if ((err as Error).name === 'NotFound' || (err as Error).name === 'NoSuchKey') return undefined;
      throw err;
    }
    // Signed for this object only, with the name and type the browser should save it under.
    const get = new GetObjectCommand({
      Bucket: this.bucket,
      Key: file.key,
      ResponseContentDisposition: `attachment; filename="${download.filename}"`,
      ResponseContentType: download.contentType,
    });
    return getSignedUrl(this.s3, get, { expiresIn: download.expiresInSeconds });
  }

  /**
   * Each draft as its own object (so one can be downloaded alone) and all of them in one ZIP streamed to a
   * multipart upload. fflate (8 kB, no dependencies) deflates each entry as it is pushed, so neither the
   * ZIP nor more than `DRAFT_UPLOADS` documents are ever held in memory; level 1 because XML shrinks to a
   * tenth of its size even so and the export waits on it.
   */
  async writeDrafts(prefix: string, documents: Iterable<{ name: string; body: string }>): Promise<{ files: Map<string, ExportFile>; zip: ExportFile }> {
    const zipKey = `${prefix}.zip`;
    const out = new PassThrough();
    const digest = new Digest();
    out.pipe(digest);
    const uploaded = new Upload({ client: this.s3, params: { Bucket: this.bucket, Key: zipKey, Body: digest, ContentType: 'application/zip' }, partSize: PART_BYTES, queueSize: QUEUE }).done();
    uploaded.catch(() => undefined);
    let failed: unknown;
    const zip = new Zip((err, chunk, final) => {
      if (err) failed = err;
      else out.write(chunk);
      if (final) out.end();
    });
    const files = new Map<string, ExportFile>();
    const inFlight = new Set<Promise<void>>();
    for (const doc of documents) {
      const body = Buffer.from(doc.body, 'utf8');
      const entry = new ZipDeflate(doc.name, { level: 1 });
      zip.add(entry);
      entry.push(body, true);
      const key = `${prefix}/${doc.name}`;
      files.set(doc.name, { key, sha256: sha256Hex(body), bytes: body.length });
      const put: Promise<void> = this.s3
        .send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/xml; charset=utf-8' }))
        .then(() => void inFlight.delete(put));
      put.catch(() => undefined); // awaited below; this only keeps a second failure from going unhandled
      inFlight.add(put);
      if (inFlight.size >= DRAFT_UPLOADS) await Promise.race(inFlight);
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), uploaded]);
    }
    zip.end();
    await Promise.all([...inFlight, uploaded]);
    if (failed) throw failed;
    return { files, zip: { key: zipKey, sha256: digest.sha256, bytes: digest.bytes } };
  }

  async writeJson(key: string, value: unknown): Promise<ExportFile> {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json; charset=utf-8' }));
    return { key, sha256: sha256Hex(body), bytes: body.length };
  }

  async readJson(file: ExportFile): Promise<unknown> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: file.key }));
      return JSON.parse(await out.Body!.transformToString('utf8'));
    } catch (err) {
      if ((err as Error).name === 'NoSuchKey' || (err as Error).name === 'NotFound') return undefined;
      throw err;
    }
  }
}
