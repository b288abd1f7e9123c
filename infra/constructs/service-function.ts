import { resolve } from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable, type IPrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { TABLE_INDEXES } from '../../functions/adapters/dynamodb/table';
import type { Access } from '../../functions/api/routes';

/** The repository root: handler entries and the lock file are found from here. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * The esbuild options every function is bundled with. `bench/bundles.ts` bundles with exactly these, so
 * what it measures is what is deployed. ESM needs a real `require` for the CommonJS parts of dependencies;
 * the banner builds one (under an alias, so a bundled `import { createRequire }` cannot clash with it).
 * The AWS SDK is bundled, not taken from the runtime: the version is the one tested, and tree-shaken.
 */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire as __monteoreCreateRequire } from 'node:module'; const require = __monteoreCreateRequire(import.meta.url);",
  },
  external: [] as string[],
} satisfies BuildOptions;

/** The inbound folders of `functions/`: HTTP routes, workflow tasks, scheduled jobs. */
export type HandlerKind = 'api' | 'workflow' | 'jobs';

/** Where a handler lives: `functions/<kind>/<handler>.ts`, exporting `handler`. */
export const handlerEntry = (handler: string, kind: HandlerKind = 'api'): string => resolve(REPO_ROOT, 'functions', kind, `${handler}.ts`);

/**
 * The variables each access sets, as `functions/shared/env.ts` reads them. A function gets only those of
 * its own accesses (plus the runtime ones below). `workflow:*` and `email:send` will get theirs from the
 * constructs that own those resources (their `AccessBinder`); list the names here when they land, and
 * test/infra checks every function's variables against this table and against `env.ts`.
 */
export const ACCESS_ENV = {
  'table:read': ['TABLE_NAME'],
  'table:write': ['TABLE_NAME'],
  'users:admin': ['USER_POOL_ID'],
  'auth:config': ['USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'COGNITO_PUBLIC_ENDPOINT', 'API_BASE'],
  'exports:read': ['BUCKET_NAME'],
  'exports:write': ['BUCKET_NAME'],
  'workflow:start': ['STATE_MACHINE_ARN'],
  'workflow:signal': [],
  'workflow:inspect': ['STATE_MACHINE_ARN'],
  'email:send': ['SES_FROM', 'PORTAL_URL'],
  'cursors:sign': ['CURSOR_SECRET_ID'],
} as const satisfies Record<Access, readonly string[]>;

/**
 * The handlers whose table writes stay inside a few partitions of known prefix, by handler name: their
 * write grant carries `dynamodb:LeadingKeys` (the table's partition key) so a bug or a compromised
 * function cannot write anywhere else. Prefixes come from `keys.ts`, so a key's new format moves the
 * grant with it; test/integration/leading-keys.int.test.ts runs each one's writes and checks them here.
 * Every other writer touches an account's partition, a ticket's, the idempotency records and more,
 * chosen at run time from the request: a condition there would list nearly every prefix and narrow
 * nothing (see the README's Note).
 */
export const TABLE_WRITE_PARTITIONS: Readonly<Record<string, readonly string[]>> = {
  // An export is one transaction: its record and the watermark.
  'create-export': [`${keys.exportRecord('').pk}*`, keys.exportsHead().pk],
  'monthly-export': [`${keys.exportRecord('').pk}*`, keys.exportsHead().pk],
  // Finance edits the catalogue, one partition.
  'put-package': [keys.catalogueItem('').pk],
};

/** What `table:write` adds to reading: the item writes, which LeadingKeys can narrow. */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

/** Set on every function, whatever it touches. */
export const RUNTIME_ENV_NAMES = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL'] as const;

/** The Cognito administration a `users:admin` function may do (create, off-board, change role), and nothing else. */
export const USER_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminRemoveUserFromGroup',
] as const;

/**
 * A later construct's way to give a function access to what it owns (the ticket workflow, the mailer).
 * It grants and sets the variables its adapter reads.
 */
export interface AccessBinder<A extends Access> {
  bind(fn: ServiceFunction, access: A): void;
}

/** Everything a route's `access` list can name, as the service stack provides it. */
export interface ServiceResources {
  table: ITable;
  exportsBucket: IBucket;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** The API's public base URL, for `auth:config`. */
  apiBase: string;
  /** The ticket workflow (Step Functions); comes with the ticket-workflow construct. */
  workflow?: AccessBinder<'workflow:start' | 'workflow:signal' | 'workflow:inspect'>;
  /** Outgoing mail (SES); comes with the notifications construct. */
  email?: AccessBinder<'email:send'>;
  /** The list cursors' signing key; comes with the cursor-key construct. */
  cursors?: AccessBinder<'cursors:sign'>;
}

export interface ServiceFunctionProps {
  /** The file `functions/<kind>/<handler>.ts`; it must export `handler`. */
  handler: string;
  /** @default 'api' */
  kind?: HandlerKind;
  /** What the function may touch: one least-privilege grant (and its variables) per entry. */
  access: readonly Access[];
  resources: ServiceResources;
  /** @default 512 */
  memorySize?: number;
  /** @default Duration.seconds(10), well inside API Gateway's 30 s integration limit */
  timeout?: Duration;
  /** @default 'INFO' */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default RetentionDays.ONE_MONTH */
  logRetention?: RetentionDays;
  /**
   * Concurrency set aside for this function alone (and its ceiling). @default none: it shares the
   * account's unreserved pool
   */
  reservedConcurrency?: number;
}

/**
 * One Lambda function with the project's defaults: Node.js 24 on arm64, minified ESM with source maps,
 * X-Ray, its own log group with a retention, and a role that holds only what its `access` list grants
 * (plus writing its own logs and traces: no AWS managed policy).
 */
export class ServiceFunction extends Construct implements IGrantable {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly grantPrincipal: IPrincipal;
  /** The handler file's name (`functions/<kind>/<handler>.ts`). */
  readonly handler: string;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `monteore ${props.handler}`,
    });
    this.grantPrincipal = this.role;
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.handler, props.kind),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'monteore',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: ESBUILD_OPTIONS.target,
        minify: ESBUILD_OPTIONS.minify,
        sourceMap: ESBUILD_OPTIONS.sourcemap,
        sourcesContent: ESBUILD_OPTIONS.sourcesContent,
        mainFields: ESBUILD_OPTIONS.mainFields,
        banner: ESBUILD_OPTIONS.banner.js,
        externalModules: ESBUILD_OPTIONS.external,
      },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (X-Ray service authorization reference); test/infra asserts that only xray actions ever get Resource "*".',
    });

    this.handler = props.handler;
    for (const access of effectiveAccess(props.access)) bindAccess(this, access, props.resources);
  }

  /** Sets one variable the handler reads (see `functions/shared/env.ts`). */
  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}

/**
 * Table access in the spirit of Powertools' `bindTable`: the grant and the table's name together.
 * `grantRead(Write)Data` also covers the table's own indexes, as `<table arn>/index/*`.
 */
export function bindTable(fn: ServiceFunction, table: ITable, mode: 'read' | 'write'): void {
  const partitions = TABLE_WRITE_PARTITIONS[fn.handler];
  if (mode === 'read') table.grantReadData(fn);
  else if (!partitions) table.grantReadWriteData(fn);
  else {
    table.grantReadData(fn);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...TABLE_WRITE_ACTIONS],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
      }),
    );
  }
  fn.addEnvironment('TABLE_NAME', table.tableName);
  acknowledgeChildWildcard(
    fn,
    table.tableArn,
    '/index/*',
    `The indexes of this one table (${TABLE_INDEXES.map((i) => i.indexName).join(', ')}): DynamoDB names an index <table arn>/index/<name>, so the grant reaches nothing outside the table.`,
  );
}

/** The exports bucket: its objects and listing, never its configuration or any other bucket. */
export function bindExportsBucket(fn: ServiceFunction, bucket: IBucket, mode: 'read' | 'write'): void {
  if (mode === 'read') bucket.grantRead(fn);
  else bucket.grantReadWrite(fn);
  fn.addEnvironment('BUCKET_NAME', bucket.bucketName);
  acknowledgeChildWildcard(fn, bucket.bucketArn, '/*', 'The objects of the exports bucket: S3 names an object <bucket arn>/<key>, and export keys are made at run time.');
  const actions = mode === 'read' ? S3_READ_ACTIONS : [...S3_READ_ACTIONS, ...S3_WRITE_ACTIONS];
  for (const action of actions) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `Part of CDK's ${mode === 'read' ? 'grantRead' : 'grantReadWrite'} on the exports bucket, whose statement is limited to that bucket and its objects.`,
    });
  }
}

const S3_READ_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*'] as const;
const S3_WRITE_ACTIONS = ['s3:DeleteObject*', 's3:PutObject*', 's3:Abort*'] as const;

/**
 * Acknowledges cdk-nag's IAM5 finding for `<arn><suffix>` on the function's role. cdk-nag names the
 * finding after the ARN as the template finally renders it, which for a resource of another stack is
 * only known once cross-stack references are resolved; so the id is worked out in the validation phase,
 * which runs after that and before the policy plugins.
 */
function acknowledgeChildWildcard(fn: ServiceFunction, arn: string, suffix: string, reason: string): void {
  fn.node.addValidation({
    validate: () => {
      const rendered = flattenCfnReference(Stack.of(fn).resolve(arn));
      Validations.of(fn.role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${rendered}${suffix}]`, reason });
      return [];
    },
  });
}

/** Administering the pool's users (`USER_ADMIN_ACTIONS`) on this pool only. */
export function bindUserAdmin(fn: ServiceFunction, userPool: IUserPool): void {
  userPool.grant(fn, ...USER_ADMIN_ACTIONS);
  fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
}

/** What the portal needs to log in: no permission at all, only where to go. */
export function bindAuthConfig(fn: ServiceFunction, userPool: IUserPool, client: IUserPoolClient, apiBase: string): void {
  const stack = Stack.of(fn);
  fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
  fn.addEnvironment('USER_POOL_CLIENT_ID', client.userPoolClientId);
  fn.addEnvironment('COGNITO_PUBLIC_ENDPOINT', `https://cognito-idp.${stack.region}.${stack.urlSuffix}`);
  fn.addEnvironment('API_BASE', apiBase);
}

/** Drops `x:read` where `x:write` (which includes reading) is also asked for, so each grant is made once. */
function effectiveAccess(access: readonly Access[]): Access[] {
  const set = new Set(access);
  if (set.has('table:write')) set.delete('table:read');
  if (set.has('exports:write')) set.delete('exports:read');
  return [...set];
}

function bindAccess(fn: ServiceFunction, access: Access, r: ServiceResources): void {
  switch (access) {
    case 'table:read':
      return bindTable(fn, r.table, 'read');
    case 'table:write':
      return bindTable(fn, r.table, 'write');
    case 'users:admin':
      return bindUserAdmin(fn, r.userPool);
    case 'auth:config':
      return bindAuthConfig(fn, r.userPool, r.userPoolClient, r.apiBase);
    case 'exports:read':
      return bindExportsBucket(fn, r.exportsBucket, 'read');
    case 'exports:write':
      return bindExportsBucket(fn, r.exportsBucket, 'write');
    case 'workflow:start':
    case 'workflow:signal':
    case 'workflow:inspect':
      return requireBinder(fn, access, r.workflow, 'the ticket workflow (infra/constructs/ticket-workflow.ts)').bind(fn, access);
    case 'email:send':
      return requireBinder(fn, access, r.email, 'the notifications construct (infra/constructs/notifications.ts)').bind(fn, access);
    case 'cursors:sign':
      return requireBinder(fn, access, r.cursors, 'cursor key (infra/constructs/cursor-key.ts)').bind(fn, access);
    default: {
      const unknown: never = access;
      throw new Error(`${fn.node.path}: no binding for access ${String(unknown)}`);
    }
  }
}

function requireBinder<A extends Access>(fn: ServiceFunction, access: A, binder: AccessBinder<A> | undefined, what: string): AccessBinder<A> {
  if (!binder) {
    throw new Error(`${fn.node.path} asks for '${access}', but this stack has no ${what} yet: add that construct and pass it in ServiceResources before routing to this handler.`);
  }
  return binder;
}
