/**
 * Proves export files reach finance through a presigned S3 link and never through the function: a
 * 100,000-line export (well over the 6 MB a Lambda response may carry; asserted) written by the real
 * S3 adapter downloads in full from the S3 emulator through the 303 of GET /finance/exports/{id}, CSV and
 * JSON, byte for byte what was recorded; `?redirect=false` hands out the same link as a 200; the link is
 * signed (SigV4, five minutes) for that one object only. And that the CSV is safe to open in a spreadsheet: text cells that
 * start with = + - @ tab or CR get a leading ', numbers (a credit's negative cents) stay numbers, and the
 * JSON keeps the text as it was. The record is written without its list keys, so no other test sees it.
 */
import { parse } from 'csv-parse/sync';
import { S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { exportFile } from '#contracts/files';
import { S3ExportFiles } from '../../functions/adapters/s3-export-files';
import { type ExportRecord } from '../../functions/core/exports/exports';
import { LINE_COLUMNS, type ExportLine } from '../../functions/core/exports/lines';
import { newId } from '../../functions/core/ids';
import { api, apiUrl, clientConfig, ddb, downloadExport, login, stackEnv } from './support';

const LINES = 100_000;
const PAGE = 2_000;

/** Text cells a spreadsheet would run as formulas, as an account could be named. */
const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+39 06 1234', '-1+1', '@SUM(A1:A2)', '\tTAB', '\rCR', 'Rossi Srl'];

function line(exportId: string, n: number): ExportLine {
  const credit = n % 10 === 0;
  const minutes = credit ? -30 : 15 * (1 + (n % 8));
  const amountCents = minutes * 100;
  return {
    exportId,
    line: n,
    kind: credit ? 'credit' : 'consuntivo',
    customerId: `c_D${String(n % 500).padStart(6, '0')}`,
    account: HOSTILE[n % HOSTILE.length]!,
    vatNumber: `IT${String(n % 500).padStart(11, '0')}`,
    date: new Date(Date.UTC(2026, 9, 1) + n * 1000).toISOString(),
    ticketNumber: `T-2026-${String(n).padStart(6, '0')}`,
    category: 'consulting',
    entryId: `e_${String(n).padStart(26, '0')}`,
    packageId: '',
    orderId: '',
    minutes,
    hourlyRateCents: 6000,
    amountCents,
    vatRatePercent: 22,
    vatCents: Math.round(amountCents * 0.22),
    grossCents: amountCents + Math.round(amountCents * 0.22),
    corrects: credit ? 'x_PREVIOUS' : '',
    description: 'Assistenza a consuntivo',
    quantityHours: `${minutes < 0 ? '-' : ''}${(Math.abs(minutes) / 60).toFixed(2)}`,
    unitPrice: '60.00',
    documentType: '',
    documentNumber: '',
  };
}

async function* pages(exportId: string): AsyncIterable<ExportLine[]> {
  for (let start = 1; start <= LINES; start += PAGE) yield Array.from({ length: Math.min(PAGE, LINES - start + 1) }, (_, i) => line(exportId, start + i));
}

let record: ExportRecord;

beforeAll(async () => {
  const id = newId('x');
  const s3 = new S3Client({ ...clientConfig(), endpoint: stackEnv.AWS_ENDPOINT_URL_S3!, forcePathStyle: true });
  const header = { id, from: '2026-09-30T22:00:00.000Z', through: '2026-10-31T23:00:00.000Z', createdAt: new Date().toISOString() };
  const files = await new S3ExportFiles(stackEnv.BUCKET_NAME!, s3).write(`exports/${id}`, header, pages(id));
  record = { ...header, lineCount: LINES, totalAmountCents: 0, totalVatCents: 0, ...files };
  await ddb.send(new PutCommand({ TableName: stackEnv.TABLE_NAME!, Item: { ...keys.exportRecord(id), type: 'export', ...record } }));
}, 300_000);

describe('export files by presigned link', () => {
  it(`downloads a ${LINES.toLocaleString('en')}-line CSV in full, neutralised text cells, numeric numbers`, async () => {
    expect(record.csv.bytes).toBeGreaterThan(6 * 2 ** 20);
    const text = (await downloadExport(record.id, 'text/csv')).toString('utf8');
    const rows = parse(text, { columns: true, record_delimiter: '\r\n', strict: true } as never) as Record<(typeof LINE_COLUMNS)[number], string>[];
    expect(rows).toHaveLength(LINES);
    expect(rows.map((r) => Number(r.line))).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
    const accounts = [...new Set(rows.map((r) => r.account))].sort();
    expect(accounts).toEqual(["'+39 06 1234", "'-1+1", "'=HYPERLINK(\"http://evil.example\",\"click\")", "'@SUM(A1:A2)", "'\tTAB", "'\rCR", 'Rossi Srl'].sort());
    const credit = rows.find((r) => r.kind === 'credit')!;
    expect([credit.minutes, credit.amountCents, credit.vatCents, credit.grossCents]).toEqual(['-30', '-3000', '-660', '-3660']);
    expect(text).toContain(',-30,6000,-3000,22,-660,-3660,x_PREVIOUS,Assistenza a consuntivo,-0.50,60.00,,\r\n');
  }, 300_000);

  it('downloads the JSON with the same lines and the text as it was', async () => {
    // Parsed with the file's schema in contracts/: the download is what the contract says it is.
    const json = exportFile.parse(JSON.parse((await downloadExport(record.id, 'application/json')).toString('utf8')));
    expect(json.lines).toHaveLength(LINES);
    expect(json.lines.slice(0, HOSTILE.length).map((l) => l.account)).toEqual(HOSTILE.slice(1).concat(HOSTILE[0]!));
    expect(json.lines[9]).toEqual(line(record.id, 10));
  }, 300_000);

  it('?redirect=false answers the link as a 200; the link is SigV4-signed for that one object, for five minutes', async () => {
    const res = await api('GET', `/finance/exports/${record.id}?redirect=false`, { as: 'finance', headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.body).toMatchObject({ id: record.id, format: 'csv', sha256: record.csv.sha256, bytes: record.csv.bytes, lineCount: LINES });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    // s3rver does not check signatures, so what the link grants is read from the link itself (S3 enforces it on AWS).
    const url = new URL(res.body.url);
    expect(url.pathname).toBe(`/${stackEnv.BUCKET_NAME!}/${record.csv.key}`);
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a wrong query is a 400 and a customer gets no link (403)', async () => {
    const bad = await api('GET', `/finance/exports/${record.id}?redirect=maybe`, { as: 'finance' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe('query.redirect');
    const res = await fetch(`${apiUrl}/finance/exports/${record.id}`, { headers: { authorization: `Bearer ${await login('alfa')}` }, redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
  });
});
