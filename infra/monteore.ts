import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Annotations, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataStack } from './stacks/data-stack';
import { ServiceStack } from './stacks/service-stack';

/** In a module of its own, so constructs can read it without importing this file (which imports them). */
export { cdkJsonContext } from './cdk-context';

/** The region when the context names none (`-c region=...` overrides). */
export const DEFAULT_REGION = 'eu-south-1';

/** The sender when the context names none (`-c sesFromAddress=assistenza@your-isp.it` for a real deploy). */
export const DEFAULT_SES_FROM = 'assistenza@monteore.example';

/**
 * Concurrent executions reserved for each of the workflow's step functions when the context names no
 * other number (`-c workflowReservedConcurrency=N`, 0 for none). Seven steps × 5 = 35 of an account's
 * default 1,000: a ticket's steps run one at a time for about a second each, so 5 per step carries
 * bursts of several tickets a second, far beyond 5,000 tickets a month, while the API's functions keep
 * 965. Lambda refuses a reservation that leaves under 100 unreserved, so an account still on a small
 * starting quota (10 concurrent executions on some new accounts) must deploy with
 * `-c workflowReservedConcurrency=0` until the quota is raised.
 */
export const DEFAULT_WORKFLOW_RESERVED_CONCURRENCY = 5;

/** A whole, non-negative number from the context (given on the command line it arrives as a string). */
function contextCount(app: App, key: string, fallback: number): number {
  const raw = app.node.tryGetContext(key) as unknown;
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`context ${key} must be a whole number ≥ 0, got ${JSON.stringify(raw)}`);
  return value;
}

/** Where the built portal is when the context names no other directory (`-c portalDir=...`). */
export const DEFAULT_PORTAL_DIR = resolve(import.meta.dirname, '../portal/dist');

export interface Monteore {
  data: DataStack;
  service: ServiceStack;
}

/**
 * The two stacks of the app, wired: the data stack (retained table and bucket) and the service stack that
 * uses them. The account is left to deploy time and nothing is looked up, so synth needs no credentials.
 * `infra/app.ts` synthesizes this; the infra tests build the same thing.
 */
export function defineMonteore(app: App): Monteore {
  const region = (app.node.tryGetContext('region') as string | undefined) ?? DEFAULT_REGION;
  const env = { region };
  const portalDir = resolve((app.node.tryGetContext('portalDir') as string | undefined) ?? DEFAULT_PORTAL_DIR);
  const hasPortal = existsSync(resolve(portalDir, 'index.html'));
  const context = (key: string) => (app.node.tryGetContext(key) as string | undefined) || undefined;
  const data = new DataStack(app, 'MonteoreData', { env, stackName: 'monteore-data', description: 'monteore: table and exports bucket (retained)' });
  const service = new ServiceStack(app, 'MonteoreService', {
    env,
    stackName: 'monteore-service',
    description: 'monteore: HTTP API, functions and user pool',
    table: data.table,
    exportsBucket: data.exportsBucket,
    sesFromAddress: (app.node.tryGetContext('sesFromAddress') as string | undefined) ?? DEFAULT_SES_FROM,
    ...(app.node.tryGetContext('portalUrl') ? { portalUrl: app.node.tryGetContext('portalUrl') as string } : {}),
    workflowReservedConcurrency: contextCount(app, 'workflowReservedConcurrency', DEFAULT_WORKFLOW_RESERVED_CONCURRENCY),
    ...(hasPortal ? { portalDir } : {}),
    ...(context('domainName') ? { portalDomainName: context('domainName')! } : {}),
    ...(context('certificateArn') ? { portalCertificateArn: context('certificateArn')! } : {}),
  });
  if (!hasPortal) {
    Annotations.of(service).addWarningV2(
      'monteore:no-portal',
      `No built portal at ${portalDir} (index.html): the stack has no portal site and email links point at the API. Build the portal first, or pass -c portalDir=.`,
    );
  }
  return { data, service };
}

/**
 * cdk-nag 3.x is a policy validation plugin (CDK's `Validations`), not an Aspect as in 2.x: it runs once
 * synthesis is done and fails `cdk synth` on any finding that is not acknowledged with
 * `Validations.of(construct).acknowledge({ id, reason })`. Chosen over 2.x because acknowledgments are
 * CDK's own mechanism and the findings land in the cloud assembly's validation report.
 */
export function checkWithCdkNag(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
