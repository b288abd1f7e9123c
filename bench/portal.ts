/**
 * What the portal costs a customer at first visit: the gzipped JavaScript of the customer's entry (the
 * entry file and every chunk it imports statically; the staff console's lazy chunks excluded), all the
 * JavaScript of the build, and the stylesheet, each against its budget (issue 11); and the staff console's
 * lazy chunks (issue 12): the console's shell with the technicians' areas (queue, ticket, incidents,
 * supervisor) against 40 KB, and finance's three areas beyond the shell against 15 KB, each sum the chunks
 * it names and what they import statically, less what the customer's entry has loaded. The build is the one
 * `npm start` and CDK use (`portal/build.ts`, minified), written to a temporary folder.
 *
 * Run: `npm run bench:portal`. Not part of `npm test`; exits 1 when a budget is exceeded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPortal } from '../portal/build';

/** Issue 11 (customer), issue 12 (staff console: its shell and the technicians' areas; finance's areas). */
const BUDGETS_KB = { customerEntryJs: 45, allJs: 110, css: 10, staffConsoleJs: 40, financeJs: 15 };

const outdir = mkdtempSync(join(tmpdir(), 'monteore-portal-bench-'));
try {
  const started = performance.now();
  const built = await buildPortal({ outdir });
  const buildMs = performance.now() - started;
  const gz = (file: string) => gzipSync(readFileSync(join(outdir, file)), { level: 9 }).length;
  const outputs = built.metafile.outputs;
  const key = (file: string) => Object.keys(outputs).find((k) => relative(outdir, resolve(k)) === file)!;

  // The entry and, transitively, what it imports statically: what the browser fetches before the first page.
  const entry = new Set<string>();
  const visit = (file: string) => {
    if (entry.has(file)) return;
    entry.add(file);
    for (const imp of outputs[key(file)]!.imports) if (imp.kind === 'import-statement' && !imp.external) visit(relative(outdir, resolve(imp.path)));
  };
  visit(built.entry.js);

  // The staff console's lazy chunks: a dynamically imported module's output and, transitively, what it
  // imports statically, less what the customer's entry has already loaded.
  const outputOf = (source: string) => relative(outdir, resolve(Object.keys(outputs).find((k) => outputs[k]!.entryPoint === source)!));
  const closure = (sources: readonly string[], loaded: ReadonlySet<string>) => {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file) || loaded.has(file)) return;
      seen.add(file);
      for (const imp of outputs[key(file)]!.imports) if (imp.kind === 'import-statement' && !imp.external) walk(relative(outdir, resolve(imp.path)));
    };
    for (const s of sources) walk(outputOf(s));
    return seen;
  };
  const area = (path: string) => `portal/pages/console/${path}.tsx`;
  const shell = closure([area('console')], entry);
  const tech = closure(['queue/index', 'ticket/index', 'incidents/index', 'supervisor/index'].map(area), new Set([...entry, ...shell]));
  const staff = new Set([...shell, ...tech]);
  const finance = closure(['finance/balances', 'finance/catalogue', 'finance/exports'].map(area), new Set([...entry, ...shell]));
  const names = (files: Iterable<string>) => [...files].map((f) => f.replace(/^assets\//, '')).join(', ');

  const js = built.files.filter((f) => f.endsWith('.js'));
  const css = built.files.filter((f) => f.endsWith('.css'));
  const sum = (files: Iterable<string>) => [...files].reduce((s, f) => s + gz(f), 0);
  const rows = [
    { what: `customer entry JS (${[...entry].join(', ')})`, bytes: sum(entry), budget: BUDGETS_KB.customerEntryJs },
    { what: `all JS (${js.length} files)`, bytes: sum(js), budget: BUDGETS_KB.allJs },
    { what: 'CSS', bytes: sum(css), budget: BUDGETS_KB.css },
    { what: 'staff console JS (shell + technicians\' areas)', bytes: sum(staff), budget: BUDGETS_KB.staffConsoleJs },
    { what: 'finance JS (balances + catalogue + exports)', bytes: sum(finance), budget: BUDGETS_KB.financeJs },
  ];
  console.log(`portal build: ${buildMs.toFixed(0)} ms, ${built.files.length} files\n`);
  console.log('gzipped (level 9)                                          KB    budget   ratio');
  let over = false;
  for (const r of rows) {
    const kb = r.bytes / 1024;
    const ratio = kb / r.budget;
    over ||= ratio > 1;
    console.log(`${r.what.padEnd(56).slice(0, 56)} ${kb.toFixed(1).padStart(6)} ${String(r.budget).padStart(6)} KB  ${ratio.toFixed(2).padStart(5)}${ratio > 1 ? '  OVER' : ''}`);
  }
  console.log('\nwhat each console sum counts (beyond the customer entry, which the console loads first):');
  console.log(`  staff console: ${names(staff)}`);
  console.log(`  finance (beyond the console shell): ${names(finance)}`);
  console.log('\nper file:');
  for (const f of [...js, ...css]) console.log(`  ${f.padEnd(40)} ${(gz(f) / 1024).toFixed(1).padStart(6)} KB gz  ${(readFileSync(join(outdir, f)).length / 1024).toFixed(1).padStart(6)} KB raw${entry.has(f) ? '  (entry)' : ''}`);
  process.exitCode = over ? 1 : 0;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
