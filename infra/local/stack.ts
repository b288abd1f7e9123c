import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { startEmulators, type EmulatorPorts, type Emulators } from './emulators';
import { bootstrap, type LocalResources } from './bootstrap';
import { createGateway } from './gateway';
import { seed } from './seed';
import { startScheduler } from './scheduler';
import { startLocalSecrets, type LocalSecrets } from './secrets';
import { LocalStepFunctions, type LambdaHandler } from './step-functions';
import { localWorkflowDefinition } from './workflow-definition';
import { steps } from '../../functions/workflow/steps';
import { LOCAL_NAMES } from '../definitions';
import { buildPortal, type BuiltPortal } from '../../portal/build';

/**
 * The whole system on one machine: emulators, the resources the CDK app declares, the environment the
 * Lambda functions get on AWS (but with `AWS_ENDPOINT_URL_*` pointing at the emulators), and the gateway.
 * `npm start` and the integration tests both start it through here.
 */
export interface LocalStackOptions {
  port: number;
  /** The Step Functions stand-in's port. @default a free one */
  sfnPort?: number;
  emulatorPorts?: Partial<EmulatorPorts>;
  dataDir: string;
  persist: boolean;
  seed: boolean;
  /**
   * How long the handlers may reuse a caller lookup (`CALLER_CACHE_TTL_SECONDS`). The integration tests
   * set it low so a disabled user is refused in a second rather than a minute.
   * @default 60, as on AWS
   */
  callerCacheTtlSeconds?: number;
  /**
   * Wraps each workflow step's handler as the stand-in registers it: where a test composes in a fault an
   * emulator cannot produce (a step that fails after doing its work). `npm start` passes none.
   */
  wrapStep?: (handler: string, fn: LambdaHandler) => LambdaHandler;
  /**
   * Where the portal is built and whether it is rebuilt on change (`npm start` watches `portal/dist`).
   * @default built once into `<dataDir>/portal`, so a test run never touches a running copy's files
   */
  portal?: { outdir?: string; watch?: boolean };
}

export interface LocalStack {
  url: string;
  emulators: Emulators;
  resources: LocalResources;
  /** The variables handed to the handlers (what the function construct sets on AWS, plus endpoints). */
  env: Record<string, string>;
  /** The ticket workflow's Step Functions stand-in. */
  stepFunctions: LocalStepFunctions;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const emulators = await startEmulators({ dataDir: options.dataDir, persist: options.persist, ...(options.emulatorPorts ? { ports: options.emulatorPorts } : {}) });
  let gateway: Server | undefined;
  let stepFunctions: LocalStepFunctions | undefined;
  let secrets: LocalSecrets | undefined;
  let portal: BuiltPortal | undefined;
  try {
    // One cursor key per data directory (a test run's temporary one gets its own).
    secrets = await startLocalSecrets({ [LOCAL_NAMES.cursorSecret]: resolve(options.dataDir, 'secrets/cursor-key') });
    portal = await buildPortal({ outdir: options.portal?.outdir ?? resolve(options.dataDir, 'portal'), watch: options.portal?.watch ?? false });
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
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      CURSOR_SECRET_ID: LOCAL_NAMES.cursorSecret,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_DEV: 'true',
      ...(options.callerCacheTtlSeconds !== undefined ? { CALLER_CACHE_TTL_SECONDS: String(options.callerCacheTtlSeconds) } : {}),
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

    // The state machine as the CDK construct defines it, with each step's handler called in-process.
    const stateMachineArn = `arn:aws:states:${LOCAL_NAMES.region}:000000000000:stateMachine:monteore-tickets`;
    const functions: Record<string, LambdaHandler> = {};
    for (const step of Object.values(steps)) {
      let loaded: Promise<LambdaHandler> | undefined;
      const fn: LambdaHandler = async (payload) => {
        loaded ??= import(resolve(ROOT, 'functions/workflow', `${step.handler}.ts`)).then((m: { handler: LambdaHandler }) => m.handler);
        return (await loaded)(payload);
      };
      functions[step.handler] = options.wrapStep ? options.wrapStep(step.handler, fn) : fn;
    }
    const { definition, children } = localWorkflowDefinition();
    stepFunctions = new LocalStepFunctions({
      stateMachineArn,
      definition,
      children,
      functions,
      ...(options.persist ? { stateFile: resolve(options.dataDir, 'stepfunctions/executions.json') } : {}),
    });
    const sfnEndpoint = await stepFunctions.listen(options.sfnPort ?? 0);
    Object.assign(env, { AWS_ENDPOINT_URL_SFN: sfnEndpoint, STATE_MACHINE_ARN: stateMachineArn, SES_FROM: LOCAL_NAMES.sesFrom });
    Object.assign(process.env, env);

    gateway = createGateway({
      issuer: `${emulators.endpoints.cognito}/${resources.userPoolId}`,
      clientId: resources.userPoolClientId,
      handlersDir: resolve(ROOT, 'functions/api'),
      staticDir: portal.outdir,
      staticHeaders: portalHeaders(emulators.endpoints.cognito),
    });
    const server = gateway;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port, '127.0.0.1', () => ok());
    });
    // EventBridge Scheduler's stand-in: the daily jobs of functions/jobs/schedules.ts, by croner.
    const scheduler = startScheduler(resolve(ROOT, 'functions/jobs'));
    // Executions a previous run left unfinished run again from the start; every step is idempotent.
    const resumed = stepFunctions.resumeUnfinished();
    if (resumed) console.log(`resumed ${resumed} unfinished ticket workflow(s)`);
    const sfn = stepFunctions;
    const secretsServer = secrets;
    const site = portal;
    return {
      url,
      emulators,
      resources,
      env,
      stepFunctions: sfn,
      stop: async () => {
        scheduler.stop();
        await site.stop();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
        await sfn.close();
        await secretsServer.close();
        await emulators.stop();
      },
    };
  } catch (err) {
    await portal?.stop();
    gateway?.close();
    await stepFunctions?.close();
    await secrets?.close();
    await emulators.stop();
    throw err;
  }
}

/**
 * The security headers the portal gets on AWS from CloudFront's response-headers policy, so a page that
 * would break under the strict Content-Security-Policy breaks here first (and in the browser tests).
 * The login calls Cognito's endpoint, the one origin besides the site's own the page may connect to.
 */
export function portalHeaders(cognitoEndpoint: string): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${new URL(cognitoEndpoint).origin}`,
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  };
}
