import { parseArgs } from 'node:util';
import { LOCAL_NAMES } from '../definitions';

/**
 * `npm run export -- [--through <ISO date or date-time>]`: runs the monthly invoice export job (what the
 * schedule and `POST /finance/exports` run) against a running `npm start` — DynamoDB Local on
 * 127.0.0.1:8000, s3rver on 127.0.0.1:4568, table `monteore`, bucket `monteore-exports` — and prints
 * the export and where its files are. The `AWS_ENDPOINT_URL_*`, `TABLE_NAME` and `BUCKET_NAME`
 * variables point it elsewhere. Exits 1 on a refused `through`, 2 when the stack cannot be reached.
 */
const { values } = parseArgs({ options: { through: { type: 'string' } } });
const defaults: Record<string, string> = {
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568',
  AWS_REGION: LOCAL_NAMES.region,
  TABLE_NAME: LOCAL_NAMES.table,
  BUCKET_NAME: LOCAL_NAMES.bucket,
  POWERTOOLS_LOG_LEVEL: 'WARN',
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
// s3rver's fixed key; DynamoDB Local takes any. Against AWS, the SDK's own credential chain applies.
if (/127\.0\.0\.1|localhost/.test(process.env.AWS_ENDPOINT_URL_S3!) && !process.env.AWS_ACCESS_KEY_ID) {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
}

// Imported only now: the handler module reads the environment when it is loaded.
const { handler } = await import('../../functions/jobs/monthly-export');
try {
  const started = performance.now();
  const out = await handler(values.through ? { through: values.through } : {});
  const bucket = process.env.BUCKET_NAME!;
  const s3 = process.env.AWS_ENDPOINT_URL_S3!;
  console.log(`${out.created ? 'created' : 'existing'} export ${out.id} through ${out.through}: ${out.lineCount} lines, ${out.totalAmountCents} cents net + ${out.totalVatCents} VAT (${Math.round(performance.now() - started)} ms)`);
  console.log(`  csv  s3://${bucket}/${out.csvKey}  ${s3}/${bucket}/${out.csvKey}  sha256 ${out.csv.sha256}`);
  console.log(`  json s3://${bucket}/${out.jsonKey}  ${s3}/${bucket}/${out.jsonKey}  sha256 ${out.json.sha256}`);
  console.log(`  or: GET /finance/exports/${out.id} with Accept: text/csv`);
  if (out.drafts) {
    const n = out.drafts.numbers;
    console.log(`  drafts: ${out.drafts.documentCount} FatturaPA documents${n ? ` (${n.series}/${n.year}/${n.first}–${n.last})` : ''}, ${out.drafts.missingCount} not made for want of fiscal data`);
    console.log(`  GET /finance/exports/${out.id}/drafts (the list, and why an account has none), /finance/exports/${out.id}/drafts.zip`);
  }
} catch (err) {
  const e = err as Error & { kind?: string };
  console.error(`export: ${e.message}${e.kind ? '' : ' (is npm start running?)'}`);
  process.exitCode = e.kind ? 1 : 2;
}
