import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../infra/local/emulators';
import { startLocalStack } from '../../infra/local/stack';

/**
 * Starts the whole local system once per test run, on free ports (so it never clashes with a running
 * `npm start`), in memory, seeded with the demo users. Tests reach it over HTTP like any client.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    env: Record<string, string>;
    sesUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'monteore-test-'));
  const stack = await startLocalStack({ port: await freePort(), dataDir, persist: false, seed: true });
  project.provide('apiUrl', stack.url);
  project.provide('env', stack.env);
  project.provide('sesUrl', stack.emulators.endpoints.ses);
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
