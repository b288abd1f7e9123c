// Proves the service stack is the route table made real, with least privilege: one arm64 Node.js 24
// function per route (+ the fallback), each with only the variables and grants of its `access` list;
// no wildcard action on the table; every non-public route behind the Cognito JWT authorizer, whose issuer
// and audience are this pool and its client; the pool as infra/definitions.ts says, retained.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { steps } from '../../functions/workflow/steps';
import { schedules } from '../../functions/jobs/schedules';
import { fallbackRoute, routes, type Access } from '../../functions/api/routes';
import { USER_POOL } from '../../infra/definitions';
import { ACCESS_ENV, RUNTIME_ENV_NAMES, TABLE_WRITE_ACTIONS, TABLE_WRITE_PARTITIONS, USER_ADMIN_ACTIONS, type ServiceFunction } from '../../infra/constructs/service-function';
import { DEFAULT_THROTTLE, PUBLIC_ROUTE_THROTTLE } from '../../infra/constructs/http-api';
import { logicalId, resourcesOf, synthesize } from './support';

const { data, service, serviceTemplate: template, templates } = synthesize();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;
// The portal site's nested stack holds CDK's BucketDeployment handler (Python, a managed policy, CloudFront
// invalidation on "*"): test/infra/portal-site.test.ts pins what it gets; here, the service's own functions.
const portalIds = new Set(Object.keys(templates.get(service.portal!.node.scope!.node.path)!.Resources as object));
const own = (found: ReturnType<typeof resourcesOf>) => Object.fromEntries(Object.entries(found).filter(([id]) => !portalIds.has(id)));
const lambdas = own(resourcesOf(template, 'AWS::Lambda::Function'));
const policies = own(resourcesOf(template, 'AWS::IAM::Policy'));
const entries = [...routes.map((r) => ({ handler: r.handler as string, access: r.access as readonly Access[] })), { handler: fallbackRoute.handler, access: fallbackRoute.access }];

/** The table's ARN as it appears in this stack's template (a reference to the data stack). */
const tableArn = JSON.stringify(service.resolve(data.table.tableArn));

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

function functionOf(handler: string) {
  const fn = service.api.functions.get(handler);
  if (!fn) throw new Error(`no function for ${handler}`);
  return { fn, lambda: lambdas[logicalId(fn.function)]!, roleId: logicalId(fn.role) };
}

function statementsOf(roleId: string): Statement[] {
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOn = (statements: Statement[], arnJson: string) =>
  statements.filter((s) => list(s.Resource).some((r) => JSON.stringify(r).includes(arnJson))).flatMap((s) => list(s.Action));

describe('functions', () => {
  it('are one per route table entry plus the fallback, one per workflow step, one per scheduled job, and nothing else', () => {
    expect(Object.keys(lambdas)).toHaveLength(routes.length + 1 + Object.keys(steps).length + schedules.length);
    expect([...service.workflow.functions.keys()].sort()).toEqual(Object.keys(steps).sort());
    expect([...service.api.functions.keys()].sort()).toEqual(entries.map((e) => e.handler).sort());
  });

  it('all run Node.js 24 on arm64, traced, with source maps and their own log group', () => {
    for (const [id, lambda] of Object.entries(lambdas)) {
      expect(lambda.Properties.Runtime, id).toBe('nodejs24.x');
      expect(lambda.Properties.Architectures, id).toEqual(['arm64']);
      expect(lambda.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(lambda.Properties.Handler, id).toBe('index.handler');
      expect((lambda.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NODE_OPTIONS, id).toBe('--enable-source-maps');
      const logGroup = resources[(lambda.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref]!;
      expect(logGroup.Properties.RetentionInDays, id).toBe(30);
    }
  });

  it('get exactly the variables their access needs, all of them read by functions/shared/env.ts', () => {
    const envSource = readFileSync(resolve(import.meta.dirname, '../../functions/shared/env.ts'), 'utf8');
    const readByHandlers = new Set([...envSource.matchAll(/required\('([A-Z_]+)'\)/g)].map((m) => m[1]));
    for (const { handler, access } of entries) {
      const variables = Object.keys((functionOf(handler).lambda.Properties.Environment as { Variables: object }).Variables).sort();
      const expected = [...new Set([...RUNTIME_ENV_NAMES, ...access.flatMap((a) => ACCESS_ENV[a])])].sort();
      expect(variables, handler).toEqual(expected);
      for (const name of variables.filter((v) => !(RUNTIME_ENV_NAMES as readonly string[]).includes(v))) {
        expect(readByHandlers.has(name), `${handler}: ${name} is not read by env.ts`).toBe(true);
      }
    }
  });
});

describe('permissions', () => {
  it('never grant a wildcard action, and "*" resources only for X-Ray and the state machine\'s log delivery', () => {
    for (const [id, policy] of Object.entries(policies)) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        for (const action of list(statement.Action)) expect(action === '*' || /^[a-z0-9-]+:\*$/.test(action), `${id}: ${action}`).toBe(false);
        if (!list(statement.Resource).includes('*')) continue;
        // CloudWatch Logs delivery for the state machine's log group has no resource-level permissions either.
        const allowed = (a: string) => a.startsWith('xray:') || (/^TicketWorkflow\w*StateMachineRole/.test(id) && a.startsWith('logs:') && /Deliver|Describe|ResourcePolic/.test(a));
        expect(list(statement.Action).every(allowed), `${id}: ${JSON.stringify(statement.Action)}`).toBe(true);
      }
    }
  });

  it('never grant a wildcard action on the table, and table access only to routes that ask for it', () => {
    for (const { handler, access } of entries) {
      const actions = actionsOn(statementsOf(functionOf(handler).roleId), tableArn);
      for (const action of actions) expect(action, handler).not.toContain('*');
      if (!access.includes('table:read') && !access.includes('table:write')) expect(actions, handler).toEqual([]);
      else expect(actions, handler).toContain('dynamodb:GetItem');
      const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
      if (!access.includes('table:write')) expect(actions.filter((a) => writes.includes(a)), handler).toEqual([]);
      else expect(actions, handler).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    }
  });

  it('give Cognito administration only to users:admin routes, USER_ADMIN_ACTIONS on this pool', () => {
    const poolArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(service.auth.userPool), 'Arn'] });
    for (const { handler, access } of entries) {
      const statements = statementsOf(functionOf(handler).roleId);
      const cognito = statements.flatMap((s) => list(s.Action)).filter((a) => a.startsWith('cognito-idp:'));
      if (!access.includes('users:admin')) {
        expect(cognito, handler).toEqual([]);
        continue;
      }
      expect(cognito.sort(), handler).toEqual([...USER_ADMIN_ACTIONS].sort());
      expect(actionsOn(statements, poolArn).sort(), handler).toEqual([...USER_ADMIN_ACTIONS].sort());
    }
  });

  it('use no AWS managed policy (logs go to the function\'s own log group)', () => {
    for (const [id, role] of Object.entries(own(resourcesOf(template, 'AWS::IAM::Role')))) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });
});

describe('routes', () => {
  const apiRoutes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
  const byKey = new Map(Object.values(apiRoutes).map((r) => [r.Properties.RouteKey as string, r.Properties]));
  const authorizerId = Object.keys(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'))[0]!;

  it('are the route table and $default, nothing more', () => {
    expect([...byKey.keys()].sort()).toEqual([...routes.map((r) => `${r.method} ${r.path}`), '$default'].sort());
  });

  it('need a Cognito JWT except the public ones and $default', () => {
    for (const route of routes) {
      const props = byKey.get(`${route.method} ${route.path}`)!;
      if (route.auth === 'public') {
        expect(props.AuthorizationType ?? 'NONE', route.path).toBe('NONE');
      } else {
        expect(props.AuthorizationType, route.path).toBe('JWT');
        expect(props.AuthorizerId, route.path).toEqual({ Ref: authorizerId });
      }
    }
    expect(byKey.get('$default')!.AuthorizationType ?? 'NONE').toBe('NONE');
  });

  it('each reach the function of their own handler', () => {
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    const target = (key: string) => {
      const integrationId = JSON.stringify(byKey.get(key)!.Target).match(/"Ref":"([^"]+)"/)![1]!;
      return integrations[integrationId]!.Properties.IntegrationUri;
    };
    for (const route of routes) {
      expect(target(`${route.method} ${route.path}`), route.path).toEqual({ 'Fn::GetAtt': [logicalId(functionOf(route.handler).fn.function), 'Arn'] });
    }
    expect(target('$default')).toEqual({ 'Fn::GetAtt': [logicalId(functionOf(fallbackRoute.handler).fn.function), 'Arn'] });
  });

  it('trust tokens of this pool, issued to the portal client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [logicalId(service.auth.userPool), 'ProviderURL'] },
        Audience: [{ Ref: logicalId(service.auth.userPoolClient) }],
      },
    });
  });

  it('are access-logged and throttled on the one $default stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties.StageName).toBe('$default');
    const logs = stage!.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(logs.DestinationArn).toBeDefined();
    expect(JSON.parse(logs.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(stage!.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit });
  });

  it('give the public routes, and only those, a small budget of their own', () => {
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    const settings = stage!.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const publicKeys = routes.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.path}`);
    expect(publicKeys).toEqual(expect.arrayContaining(['GET /health', 'GET /config.json', 'GET /openapi.json']));
    expect(Object.keys(settings).sort()).toEqual(publicKeys.sort());
    for (const key of publicKeys) {
      expect(settings[key], key).toEqual({ ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit });
      expect(byKey.has(key), key).toBe(true);
    }
    expect(PUBLIC_ROUTE_THROTTLE.rateLimit).toBeLessThan(DEFAULT_THROTTLE.rateLimit);
    expect(PUBLIC_ROUTE_THROTTLE.burstLimit).toBeLessThan(DEFAULT_THROTTLE.burstLimit);
    // RouteSettings name route keys that must exist first: the stage waits for every route's nested stack.
    const dependsOn = (resources[Object.keys(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'))[0]!] as { DependsOn?: string[] }).DependsOn ?? [];
    const nested = [...service.api.routeStacks.values()].map((stack) => logicalId(stack.nestedStackResource!));
    expect(nested.length).toBeGreaterThan(0);
    expect(dependsOn).toEqual(expect.arrayContaining(nested));
  });
});

describe('user pool', () => {
  const pool = resources[logicalId(service.auth.userPool)]!;

  it('is retained and protected, with no self sign-up and case-insensitive plain usernames', () => {
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(pool.Properties.UsernameAttributes).toBeUndefined();
    expect(pool.Properties.AliasAttributes).toBeUndefined();
    expect(pool.Properties.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(pool.Properties.Schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'email', Required: true })]));
  });

  it('has the password policy and groups of infra/definitions.ts', () => {
    const p = USER_POOL.passwordPolicy;
    expect((pool.Properties.Policies as { PasswordPolicy?: unknown }).PasswordPolicy).toMatchObject({
      MinimumLength: p.minLength,
      RequireLowercase: p.requireLowercase,
      RequireNumbers: p.requireDigits,
      RequireUppercase: p.requireUppercase,
      RequireSymbols: p.requireSymbols,
    });
    const groups = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...USER_POOL.groups].sort());
  });

  it('enforces threat protection on the Plus plan', () => {
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  it('has one public client with the flows and token validity of infra/definitions.ts', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [client] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));
    expect(client!.Properties.GenerateSecret).toBe(false);
    expect([...(client!.Properties.ExplicitAuthFlows as string[])].sort()).toEqual([...USER_POOL.authFlows].sort());
    expect(client!.Properties.AccessTokenValidity).toBe(USER_POOL.accessTokenValidityMinutes);
    expect(client!.Properties.TokenValidityUnits).toMatchObject({ AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' });
    expect(client!.Properties.AccessTokenValidity).toBeLessThanOrEqual(15);
    expect(client!.Properties.IdTokenValidity).toBe(USER_POOL.accessTokenValidityMinutes);
    expect(client!.Properties.RefreshTokenValidity).toBe(USER_POOL.refreshTokenValidityDays * 24 * 60);
    expect(client!.Properties.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
  });
});

describe('LeadingKeys', () => {
  interface ConditionedStatement extends Statement {
    Condition?: Record<string, Record<string, string[]>>;
  }
  const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
  const fnByHandler = new Map<string, ServiceFunction>([...service.api.functions, ...service.jobs.jobs.map((j) => [j.spec.handler, j.fn] as const)]);
  const tableWrites = (fn: ServiceFunction) =>
    (statementsOf(logicalId(fn.role)) as ConditionedStatement[]).filter((s) => list(s.Action).some((a) => writes.includes(a)) && JSON.stringify(s.Resource).includes(tableArn));

  it('confines the writes of the export and catalogue functions to their partitions', () => {
    expect(Object.keys(TABLE_WRITE_PARTITIONS).sort()).toEqual(['create-export', 'monthly-export', 'put-package']);
    for (const [handler, partitions] of Object.entries(TABLE_WRITE_PARTITIONS)) {
      const fn = fnByHandler.get(handler);
      expect(fn, handler).toBeDefined();
      const statements = tableWrites(fn!);
      expect(statements, handler).toHaveLength(1);
      expect(list(statements[0]!.Action).sort(), handler).toEqual([...TABLE_WRITE_ACTIONS].sort());
      // The table itself, not its indexes (writes never name an index).
      expect(list(statements[0]!.Resource), handler).toHaveLength(1);
      expect(statements[0]!.Condition, handler).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } });
    }
    expect(TABLE_WRITE_PARTITIONS['create-export']).toEqual(['EXPORT#*', 'EXPORTS']);
    expect(TABLE_WRITE_PARTITIONS['put-package']).toEqual(['CATALOGUE']);
  });

  it('leaves every other writer its plain grant (their partitions are chosen per request)', () => {
    for (const [handler, fn] of fnByHandler) {
      if (handler in TABLE_WRITE_PARTITIONS) continue;
      for (const statement of tableWrites(fn)) expect(statement.Condition, handler).toBeUndefined();
    }
  });
});
