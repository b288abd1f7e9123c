import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../infra/local/emulators';
import { startLocalStack } from '../../infra/local/stack';
import type { LambdaHandler } from '../../infra/local/step-functions';

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

interface SharedStack {
  values: { apiUrl: string; env: Record<string, string>; sesUrl: string; controlUrl: string };
  stop(): Promise<void>;
}

/**
 * The integration and e2e projects both name this file; vitest runs a project's global setup once per
 * project, all in its main process, so the first caller starts the stack and every project shares it.
 */
const shared = globalThis as { monteoreStack?: { started: Promise<SharedStack>; users: number } };

async function start(): Promise<SharedStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'monteore-test-'));
  // Caller lookups cached for 1 s, not 60: the identity tests wait for a disabled user to be refused.
  // Faults a test arms for one step of one account's workflow: the step does its work, then fails once
  // with a non-transient error (as a Lambda that died after its write would), so the run is flagged.
  const faults = new Map<string, string>();
  const wrapStep = (handler: string, fn: LambdaHandler): LambdaHandler => async (payload) => {
    const out = await fn(payload);
    const key = `${handler}:${(payload as { customerId?: string } | null)?.customerId}`;
    const error = faults.get(key);
    if (error) {
      faults.delete(key);
      throw Object.assign(new Error(`fault injected by the test after ${handler} did its work`), { name: error });
    }
    return out;
  };
  const stack = await startLocalStack({ port: await freePort(), dataDir, persist: false, seed: true, callerCacheTtlSeconds: 1, wrapStep });
  // Fault tests run in workers, the emulators here: a small control channel lets them take SES down and
  // up, and arm a step's fault.
  const control = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    if (url.pathname === '/faults') {
      const step = url.searchParams.get('step');
      const customer = url.searchParams.get('customer');
      if (!step || !customer) return void res.writeHead(400).end('step and customer are required');
      faults.set(`${step}:${customer}`, url.searchParams.get('error') ?? 'StepFaultInjected');
      return void res.writeHead(204).end();
    }
    const action = req.url === '/ses/stop' ? stack.emulators.ses.stop() : req.url === '/ses/start' ? stack.emulators.ses.start() : undefined;
    if (!action) return void res.writeHead(404).end();
    action.then(() => res.writeHead(204).end(), (err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((ok) => control.listen(0, '127.0.0.1', ok));
  return {
    values: { apiUrl: stack.url, env: stack.env, sesUrl: stack.emulators.endpoints.ses, controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}` },
    stop: async () => {
      control.close();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  shared.monteoreStack ??= { started: start(), users: 0 };
  const entry = shared.monteoreStack;
  entry.users += 1;
  const stack = await entry.started;
  project.provide('apiUrl', stack.values.apiUrl);
  project.provide('env', stack.values.env);
  project.provide('sesUrl', stack.values.sesUrl);
  project.provide('controlUrl', stack.values.controlUrl);
  return async () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    shared.monteoreStack = undefined;
    await stack.stop();
  };
}
