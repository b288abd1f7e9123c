import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build, context, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

/**
 * Builds the portal: `portal/main.tsx` and what it imports into `outdir` with hashed file names under
 * `assets/`, plus an `index.html` that names them. The staff console is a dynamic import, so esbuild
 * splits it into its own chunks and a customer never downloads it. `npm start` (watch: rebuilt on
 * change), the test stack and the CDK `portal-site` construct all call this one function.
 */
export interface BuildPortalOptions {
  /** Where the site goes. @default portal/dist */
  outdir?: string;
  /** Rebuild on every change until `stop()`. @default false */
  watch?: boolean;
  /** @default true: what is measured (bench:portal) is what is served. */
  minify?: boolean;
}

export interface BuiltPortal {
  outdir: string;
  /** The entry's script and stylesheet, relative to outdir. */
  entry: { js: string; css?: string };
  /** Every file written, relative to outdir. */
  files: string[];
  /** What esbuild wrote and what imports what (bench:portal reads the entry's static imports from it). */
  metafile: Metafile;
  /** Stops watching (no-op when not watching). */
  stop(): Promise<void>;
}

const PORTAL = import.meta.dirname;
const ENTRY = resolve(PORTAL, 'main.tsx');

function page(js: string, css: string | undefined): string {
  // No inline script or style: the Content-Security-Policy allows only the site's own files.
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Area clienti</title>
<link rel="icon" href="data:,">
${css ? `<link rel="stylesheet" href="/${css}">\n` : ''}<script type="module" src="/${js}"></script>
</head>
<body>
<div id="app"><noscript>Per usare l'area clienti attiva JavaScript. / Please enable JavaScript.</noscript></div>
</body>
</html>
`;
}

/** Writes index.html for a finished build and removes assets an earlier watch build left behind. */
async function finish(outdir: string, metafile: Metafile): Promise<Omit<BuiltPortal, 'stop'>> {
  const files = Object.keys(metafile.outputs).map((o) => relative(outdir, resolve(o)));
  const entryOut = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint && resolve(o.entryPoint) === ENTRY);
  if (!entryOut) throw new Error('portal build: the entry point produced no output');
  const js = relative(outdir, resolve(entryOut[0]));
  const css = entryOut[1].cssBundle ? relative(outdir, resolve(entryOut[1].cssBundle)) : undefined;
  await writeFile(join(outdir, 'index.html'), page(js, css));
  const keep = new Set(files);
  for (const name of await readdir(join(outdir, 'assets'))) {
    if (!keep.has(`assets/${name}`)) await rm(join(outdir, 'assets', name), { force: true });
  }
  return { outdir, entry: css ? { js, css } : { js }, files: [...files, 'index.html'], metafile };
}

export async function buildPortal(options: BuildPortalOptions = {}): Promise<BuiltPortal> {
  const outdir = resolve(options.outdir ?? resolve(PORTAL, 'dist'));
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const config: BuildOptions = {
    entryPoints: [ENTRY],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'silent',
  };
  if (!options.watch) {
    const result = await build(config);
    return { ...(await finish(outdir, result.metafile!)), stop: async () => {} };
  }
  let first: ((built: Omit<BuiltPortal, 'stop'>) => void) | undefined;
  let failed: ((err: Error) => void) | undefined;
  const ready = new Promise<Omit<BuiltPortal, 'stop'>>((ok, fail) => ((first = ok), (failed = fail)));
  const report: Plugin = {
    name: 'portal-index',
    setup(b) {
      b.onEnd(async (result) => {
        if (result.errors.length || !result.metafile) {
          const text = result.errors.map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`).join('\n');
          if (failed) failed(new Error(`portal build failed:\n${text}`));
          else console.error(`portal: rebuild failed (the last good build is still served)\n${text}`);
        } else {
          const built = await finish(outdir, result.metafile);
          if (first) first(built);
          else console.log('portal: rebuilt');
        }
        first = undefined;
        failed = undefined;
      });
    },
  };
  const ctx = await context({ ...config, plugins: [report] });
  await ctx.watch();
  try {
    return { ...(await ready), stop: () => ctx.dispose() };
  } catch (err) {
    await ctx.dispose();
    throw err;
  }
}
