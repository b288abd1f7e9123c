import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    controlUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'monteore-test-'));
  // Caller lookups cached for 1 s, not 60: the identity tests wait for a disabled user to be refused.
  const stack = await startLocalStack({ port: await freePort(), dataDir, persist: false, seed: true, callerCacheTtlSeconds: 1 });
  project.provide('apiUrl', stack.url);
  project.provide('env', stack.env);
  project.provide('sesUrl', stack.emulators.endpoints.ses);
  // Fault tests run in workers, the emulators here: a small control channel lets them take SES down and up.
  const control = createServer((req, res) => {
    const action = req.url === '/ses/stop' ? stack.emulators.ses.stop() : req.url === '/ses/start' ? stack.emulators.ses.start() : undefined;
    if (!action) return void res.writeHead(404).end();
    action.then(() => res.writeHead(204).end(), (err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((ok) => control.listen(0, '127.0.0.1', ok));
  project.provide('controlUrl', `http://127.0.0.1:${(control.address() as AddressInfo).port}`);
  return async () => {
    control.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
