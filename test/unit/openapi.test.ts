/**
 * Proves the OpenAPI document generated from the contracts is clean and complete: Redocly's linter
 * (the pinned CLI, its built-in recommended rules, run offline) reports no error and no warning, and
 * every operation documents its success body, its problem responses and, when private, who may call it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endpoints } from '#contracts/endpoints';
import { buildOpenApi } from '#contracts/openapi';
import { operations, problemStatuses } from '#contracts/operations';

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

interface OperationDoc {
  operationId: string;
  security?: unknown[];
  'x-roles'?: string[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}

const doc = buildOpenApi() as { servers: { url: string }[]; paths: Record<string, Record<string, OperationDoc>> };
const dir = mkdtempSync(join(tmpdir(), 'monteore-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GET /openapi.json, as generated from contracts/', () => {
  it('passes Redocly lint (recommended rules) with zero errors and zero warnings', () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    // Run in an empty folder, so no redocly.yaml is picked up: the built-in recommended rules apply.
    let out: string;
    try {
      out = execFileSync(process.execPath, [resolve('node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--format=json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      // Redocly exits 1 when it finds an error; its report is on stdout all the same.
      out = (err as { stdout: string }).stdout;
    }
    const report = JSON.parse(out) as LintReport;
    const found = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(found).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('documents every operation: its id, success body, problem statuses, and roles or that it is public', () => {
    expect(doc.servers.length).toBeGreaterThan(0);
    for (const [id, op] of Object.entries(operations)) {
      const { method, path } = endpoints[id as keyof typeof endpoints];
      const documented = doc.paths[path]?.[method.toLowerCase()];
      expect(documented, `${method} ${path}`).toBeDefined();
      expect(documented!.operationId).toBe(id);
      for (const status of Object.keys(op.responses)) expect(documented!.responses[status]?.content?.['application/json']?.schema.$ref, `${id} ${status}`).toMatch(/^#\/components\/schemas\//);
      for (const status of problemStatuses(op)) expect(documented!.responses[String(status)]?.$ref, `${id} ${status}`).toMatch(/^#\/components\/responses\//);
      if (op.auth === 'public') expect(documented!.security).toEqual([]);
      else expect(documented!['x-roles']).toEqual(op.auth);
    }
  });
});
