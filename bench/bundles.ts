/**
 * What each function costs at cold start, against what it cannot avoid. Every function of the route table
 * (and the fallback) is bundled with the esbuild options the CDK construct uses (`ESBUILD_OPTIONS`), next
 * to a baseline bundle that only constructs the same AWS SDK clients the function pulls in. For each it
 * prints the minified size, the size beyond the baseline, and the load time in a fresh `node` process
 * (spawn to exit, median of several runs, with the Lambda's `NODE_OPTIONS`) as a ratio to the baseline's
 * (the median ratio of back-to-back pairs). Without SDK clients the baseline is an empty module: the
 * ratio is then against a bare `node` start.
 *
 * Targets (the issue): at most 1.3x the baseline's load time and at most 100 KiB beyond it.
 * Run: `npm run bench:bundles [-- --runs 25]`. Not part of `npm test`; exits 1 if a function misses a target.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { fallbackRoute, routes, type Access } from '../functions/api/routes';
import { ACCESS_ENV, ESBUILD_OPTIONS, REPO_ROOT, handlerEntry } from '../infra/constructs/service-function';

const MAX_RATIO = 1.3;
const MAX_EXTRA_KIB = 100;
const OUT = resolve(REPO_ROOT, 'bench/out/bundles');

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(values.runs);

/** How a baseline constructs each SDK client a bundle may contain, as the adapters do. */
const SDK_CLIENTS: Record<string, { imports: string; construct: string }> = {
  '@aws-sdk/client-dynamodb': { imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", construct: 'new DynamoDBClient({})' },
  '@aws-sdk/lib-dynamodb': {
    imports: "import { DynamoDBClient as DocDynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    construct: 'DynamoDBDocumentClient.from(new DocDynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })',
  },
  '@aws-sdk/client-cognito-identity-provider': {
    imports: "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
    construct: 'new CognitoIdentityProviderClient({})',
  },
  '@aws-sdk/client-s3': { imports: "import { S3Client } from '@aws-sdk/client-s3';", construct: 'new S3Client({})' },
  '@aws-sdk/client-sesv2': { imports: "import { SESv2Client } from '@aws-sdk/client-sesv2';", construct: 'new SESv2Client({})' },
  '@aws-sdk/client-sfn': { imports: "import { SFNClient } from '@aws-sdk/client-sfn';", construct: 'new SFNClient({})' },
};

/** The SDK client packages in a bundle, from esbuild's metafile inputs. */
function sdkClientsIn(inputs: readonly string[]): string[] {
  const found = new Set<string>();
  for (const input of inputs) {
    const m = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\//.exec(input);
    if (m) found.add(m[1]!);
  }
  // The document client brings the low-level client; the baseline's DocumentClient constructs both.
  if (found.has('@aws-sdk/lib-dynamodb')) found.delete('@aws-sdk/client-dynamodb');
  for (const name of found) if (!SDK_CLIENTS[name]) throw new Error(`bench/bundles.ts: add a baseline for ${name}`);
  return [...found].sort();
}

interface Bundle {
  file: string;
  bytes: number;
  inputs: string[];
}

async function bundle(name: string, entry: { path: string } | { contents: string }): Promise<Bundle> {
  const file = join(OUT, name, 'index.mjs');
  const result = await build({
    ...ESBUILD_OPTIONS,
    absWorkingDir: REPO_ROOT,
    ...('path' in entry ? { entryPoints: [entry.path] } : { stdin: { contents: entry.contents, resolveDir: REPO_ROOT, sourcefile: `${name}.mjs`, loader: 'js' as const } }),
    outfile: file,
    metafile: true,
    logLevel: 'warning',
  });
  return { file, bytes: statSync(file).size, inputs: Object.keys(result.metafile.inputs) };
}

const baselines = new Map<string, Promise<Bundle>>();
function baselineFor(clients: string[]): Promise<Bundle> {
  const key = clients.length ? clients.map((c) => c.replace('@aws-sdk/', '')).join('+') : 'no-sdk';
  let found = baselines.get(key);
  if (!found) {
    const contents = [
      ...clients.map((c) => SDK_CLIENTS[c]!.imports),
      `export const clients = [${clients.map((c) => SDK_CLIENTS[c]!.construct).join(', ')}];`,
      'export const handler = async () => ({ statusCode: 200 });',
    ].join('\n');
    found = bundle(`baseline-${key}`, { contents });
    baselines.set(key, found);
  }
  return found;
}

const LOADER = join(OUT, 'load.mjs');

/** One fresh process that imports the bundle: wall time from spawn to exit, and the import alone. */
function loadOnce(file: string, env: Record<string, string>): { processMs: number; importMs: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [LOADER, pathToFileURL(file).href], { env, encoding: 'utf8' });
  const processMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`loading ${file} failed:\n${child.stderr}`);
  return { processMs, importMs: (JSON.parse(child.stdout) as { importMs: number }).importMs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** What the Lambda gets: the runtime variables and those of its accesses, as dummy values; nothing else. */
function lambdaEnv(access: readonly Access[]): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: 'monteore',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    AWS_REGION: 'eu-south-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  };
  for (const name of access.flatMap((a) => ACCESS_ENV[a])) env[name] = name === 'API_BASE' || name === 'COGNITO_PUBLIC_ENDPOINT' ? 'https://example.invalid' : `bench-${name.toLowerCase()}`;
  return env;
}

const kib = (bytes: number) => bytes / 1024;

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(LOADER, 'const t0 = performance.now();\nawait import(process.argv[2]);\nprocess.stdout.write(JSON.stringify({ importMs: performance.now() - t0 }));\n');

  const entries = [...routes.map((r) => ({ handler: r.handler as string, access: r.access as readonly Access[] })), { handler: fallbackRoute.handler, access: fallbackRoute.access }];
  const built = await Promise.all(
    entries.map(async (e) => {
      const fn = await bundle(e.handler, { path: handlerEntry(e.handler) });
      const clients = sdkClientsIn(fn.inputs);
      return { ...e, fn, clients, baseline: await baselineFor(clients) };
    }),
  );

  console.log(`node ${process.versions.node} (${process.arch}), ${RUNS} runs each, NODE_OPTIONS=--enable-source-maps; load = spawn to exit of a process that imports the bundle; ratio = median of paired runs`);
  const header = ['function', 'SDK clients', 'size KiB', 'baseline KiB', 'beyond KiB', 'load ms', 'baseline ms', 'ratio', 'import ms', 'baseline import ms', 'result'];
  const rows: string[][] = [];
  let failed = false;
  for (const b of built) {
    const env = lambdaEnv(b.access);
    loadOnce(b.fn.file, env); // warm the file cache for both, so the first measured run is not an outlier
    loadOnce(b.baseline.file, env);
    const fn: { processMs: number; importMs: number }[] = [];
    const base: { processMs: number; importMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      base.push(loadOnce(b.baseline.file, env));
      fn.push(loadOnce(b.fn.file, env));
    }
    const loadMs = median(fn.map((r) => r.processMs));
    const baseMs = median(base.map((r) => r.processMs));
    // Each run pairs a baseline load with the function's, back to back: the median of the pairs' ratios
    // cancels the drift of a busy machine better than a ratio of medians.
    const ratio = median(fn.map((r, i) => r.processMs / base[i]!.processMs));
    const beyond = kib(b.fn.bytes - b.baseline.bytes);
    const pass = ratio <= MAX_RATIO && beyond <= MAX_EXTRA_KIB;
    failed ||= !pass;
    rows.push([
      b.handler,
      b.clients.map((c) => c.replace('@aws-sdk/', '')).join(', ') || '-',
      kib(b.fn.bytes).toFixed(1),
      kib(b.baseline.bytes).toFixed(1),
      beyond.toFixed(1),
      loadMs.toFixed(1),
      baseMs.toFixed(1),
      `${ratio.toFixed(2)}x`,
      median(fn.map((r) => r.importMs)).toFixed(1),
      median(base.map((r) => r.importMs)).toFixed(1),
      pass ? 'PASS' : `FAIL${ratio > MAX_RATIO ? ` (> ${MAX_RATIO}x)` : ''}${beyond > MAX_EXTRA_KIB ? ` (> ${MAX_EXTRA_KIB} KiB)` : ''}`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log(`targets: load <= ${MAX_RATIO}x baseline, <= ${MAX_EXTRA_KIB} KiB beyond baseline. Bundles in ${OUT}`);
  if (failed) process.exitCode = 1;
}

await main();
