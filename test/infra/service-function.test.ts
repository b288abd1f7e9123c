// Proves the function construct's bindings on their own: every access it can provide passes cdk-nag
// (its acknowledgments cover exactly what its grants need) and sets its variables; an access the stack
// cannot provide yet (workflow, email) is refused at synth time with a clear message; and CDK bundles
// with the exported esbuild options that bench/bundles.ts uses.
import { App, Stack } from 'aws-cdk-lib';
import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { Access } from '../../functions/api/routes';
import { ACCESS_ENV, ESBUILD_OPTIONS, ServiceFunction, type ServiceResources } from '../../infra/constructs/service-function';
import { CursorKey } from '../../infra/constructs/cursor-key';

function stackWithResources(): { stack: Stack; resources: ServiceResources } {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { env: { region: 'eu-south-1' } });
  const userPool = new UserPool(stack, 'Pool');
  return {
    stack,
    resources: {
      table: new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
      exportsBucket: new Bucket(stack, 'Bucket'),
      userPool,
      userPoolClient: userPool.addClient('Client'),
      apiBase: 'https://api.example',
      cursors: new CursorKey(stack, 'CursorKey'),
    },
  };
}

describe('ServiceFunction', () => {
  it.each<Access[]>([['table:read'], ['table:write'], ['table:read', 'table:write'], ['exports:read'], ['exports:write'], ['users:admin'], ['auth:config'], ['cursors:sign']])(
    'binds %j with its variables and nothing cdk-nag objects to',
    (...access) => {
      const { stack, resources } = stackWithResources();
      const fn = new ServiceFunction(stack, 'Fn', { handler: 'get-health', access, resources });
      (stack.node.root as App).synth();
      const env = (stack.resolve((fn.function.node.defaultChild as CfnFunction).environment) as { variables: Record<string, unknown> }).variables;
      for (const name of access.flatMap((a) => ACCESS_ENV[a])) expect(env[name], name).toBeDefined();
      const onFunction = new AwsSolutionsChecks()
        .validateScope(fn)
        .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
      expect(onFunction).toEqual([]);
    },
  );

  it.each<Access>(['workflow:start', 'workflow:signal', 'email:send'])('refuses %s until its construct exists', (access) => {
    const { stack, resources } = stackWithResources();
    expect(() => new ServiceFunction(stack, 'Fn', { handler: 'get-health', access: [access], resources })).toThrow(new RegExp(`asks for '${access}', but this stack has no`));
  });

  it('lets a cursors:sign function read the cursor key and no other secret', () => {
    const { stack, resources } = stackWithResources();
    new ServiceFunction(stack, 'Fn', { handler: 'list-ledger', access: ['cursors:sign'], resources });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }[];
    const secretStatements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st) => [st.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    expect(secretStatements).toEqual([
      { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: stack.resolve((resources.cursors as CursorKey).secret.secretArn) },
    ]);
  });

  it('hands an access to the construct that owns it once that exists', () => {
    const { stack, resources } = stackWithResources();
    const bound: string[] = [];
    const fn = new ServiceFunction(stack, 'Fn', {
      handler: 'get-health',
      access: ['workflow:start'],
      resources: { ...resources, workflow: { bind: (target, access) => bound.push(`${target.node.id} ${access}`) } },
    });
    expect(fn.function.runtime.name).toBe('nodejs24.x');
    expect(bound).toEqual(['Fn workflow:start']);
  });

  it('bundles minified ESM for node24 with source maps and the createRequire banner', () => {
    expect(ESBUILD_OPTIONS).toMatchObject({ format: 'esm', target: 'node24', platform: 'node', minify: true, sourcemap: true, bundle: true });
    expect(ESBUILD_OPTIONS.banner.js).toMatch(/createRequire.*import\.meta\.url/);
  });
});
