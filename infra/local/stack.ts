import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { startEmulators, type EmulatorPorts, type Emulators } from './emulators';
import { bootstrap, type LocalResources } from './bootstrap';
import { createGateway } from './gateway';
import { seed } from './seed';
import { startScheduler } from './scheduler';
import { LOCAL_NAMES } from '../definitions';

/**
 * The whole system on one machine: emulators, the resources the CDK app declares, the environment the
 * Lambda functions get on AWS (but with `AWS_ENDPOINT_URL_*` pointing at the emulators), and the gateway.
 * `npm start` and the integration tests both start it through here.
 */
export interface LocalStackOptions {
  port: number;
  emulatorPorts?: Partial<EmulatorPorts>;
  dataDir: string;
  persist: boolean;
  seed: boolean;
}

export interface LocalStack {
  url: string;
  emulators: Emulators;
  resources: LocalResources;
  /** The variables handed to the handlers (what the function construct sets on AWS, plus endpoints). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const emulators = await startEmulators({ dataDir: options.dataDir, persist: options.persist, ...(options.emulatorPorts ? { ports: options.emulatorPorts } : {}) });
  let gateway: Server | undefined;
  try {
    const url = `http://127.0.0.1:${options.port}`;
    const env: Record<string, string> = {
      AWS_REGION: LOCAL_NAMES.region,
      AWS_ACCESS_KEY_ID: 'S3RVER', // s3rver's fixed key; the other emulators accept any
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
      AWS_ENDPOINT_URL_SES: emulators.endpoints.ses,
      AWS_ENDPOINT_URL_SESV2: emulators.endpoints.ses,
      AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulators.endpoints.cognito,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_DEV: 'true',
    };
    Object.assign(process.env, env);
    const resources = await bootstrap(emulators.endpoints);
    Object.assign(env, {
      TABLE_NAME: resources.tableName,
      BUCKET_NAME: resources.bucketName,
      USER_POOL_ID: resources.userPoolId,
      USER_POOL_CLIENT_ID: resources.userPoolClientId,
      COGNITO_PUBLIC_ENDPOINT: emulators.endpoints.cognito,
      API_BASE: url,
      PORTAL_URL: url,
    });
    Object.assign(process.env, env);
    if (options.seed) await seed(resources);

    gateway = createGateway({
      issuer: `${emulators.endpoints.cognito}/${resources.userPoolId}`,
      clientId: resources.userPoolClientId,
      handlersDir: resolve(ROOT, 'functions/api'),
      staticDir: resolve(ROOT, 'portal'),
    });
    const server = gateway;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port, '127.0.0.1', () => ok());
    });
    // EventBridge Scheduler's stand-in: the daily jobs of functions/jobs/schedules.ts, by croner.
    const scheduler = startScheduler(resolve(ROOT, 'functions/jobs'));
    return {
      url,
      emulators,
      resources,
      env,
      stop: async () => {
        scheduler.stop();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
        await emulators.stop();
      },
    };
  } catch (err) {
    gateway?.close();
    await emulators.stop();
    throw err;
  }
}
