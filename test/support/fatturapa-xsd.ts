import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Validates FatturaPA documents against the official schema (v1.2.2) with xmllint, offline: the XSD in
 * `../shared/fatturapa/` (beside the repository, as in CI's fresh clone) is copied with its xmldsig import
 * pointed at the local copy. Many documents go through one xmllint call. A missing schema or a missing
 * xmllint fails the test that asks, loudly: these checks are never skipped.
 */
const SHARED = resolve(import.meta.dirname, '../../../shared/fatturapa');
const XSD = 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd';
const DSIG = 'xmldsig-core-schema.xsd';
const W3C_DSIG = 'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd';

let prepared: string | undefined;

/** The schema copy (made once per process) that imports the signature schema from beside it. */
function schemaCopy(): string {
  if (prepared) return prepared;
  for (const file of [XSD, DSIG]) {
    if (!existsSync(join(SHARED, file))) throw new Error(`the FatturaPA schema is missing: ${join(SHARED, file)} (see ../shared/fatturapa/README.md)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'fatturapa-xsd-'));
  const xsd = readFileSync(join(SHARED, XSD), 'utf8');
  if (!xsd.includes(W3C_DSIG)) throw new Error(`${XSD} no longer imports ${W3C_DSIG}: update test/support/fatturapa-xsd.ts`);
  writeFileSync(join(dir, XSD), xsd.replace(W3C_DSIG, DSIG));
  writeFileSync(join(dir, DSIG), readFileSync(join(SHARED, DSIG)));
  prepared = join(dir, XSD);
  return prepared;
}

/**
 * Validates the documents in one xmllint call; resolves to each document's schema errors (an empty list
 * when it validates), in order.
 */
export async function schemaErrors(documents: readonly string[]): Promise<string[][]> {
  if (!documents.length) return [];
  const schema = schemaCopy();
  const dir = mkdtempSync(join(tmpdir(), 'fatturapa-docs-'));
  const files = documents.map((doc, i) => {
    const file = join(dir, `d${i}.xml`);
    writeFileSync(file, doc, 'utf8');
    return file;
  });
  const stderr = await new Promise<string>((ok, fail) => {
    execFile('xmllint', ['--noout', '--nonet', '--schema', schema, ...files], { maxBuffer: 64 * 2 ** 20 }, (err, _out, errText) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return fail(new Error('xmllint is not installed: apt-get install -y libxml2-utils (.ci/run does)'));
      // Exit 3/4: some document failed; that is an answer, not an error.
      if (err && typeof err.code === 'number' && err.code !== 3 && err.code !== 4) return fail(new Error(`xmllint failed (${err.code}): ${errText}`));
      ok(errText);
    });
  });
  const errors = files.map(() => [] as string[]);
  for (const line of stderr.split('\n')) {
    const m = /d(\d+)\.xml/.exec(line);
    if (m && !line.endsWith(' validates')) errors[Number(m[1])]!.push(line.replace(dir, ''));
  }
  return errors;
}
