// Proves both stacks pass cdk-nag's AwsSolutions pack with zero unacknowledged errors or warnings, that
// the check is not vacuous (it does flag a bad bucket), that `cdk synth` fails on a finding (the app
// registers the pack as a validation plugin), and that every acknowledgment is one we chose, with a reason.
//
// cdk-nag 3.x runs as a CDK policy validation plugin (`Validations.of(app).addPlugins(...)`), not as an
// Aspect like 2.x; here its `validateScope` is called directly on each synthesized stack to list findings.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { checkWithCdkNag, defineMonteore } from '../../infra/monteore';
import { cdkJsonContext, synthesize } from './support';

const { app, data, service } = synthesize();

const findings = (scope: IConstruct): string[] =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}: ${v.description}`));

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the data stack', () => {
    expect(findings(data)).toEqual([]);
  });

  it('finds nothing unacknowledged in the service stack', () => {
    expect(findings(service)).toEqual([]);
  });

  it('does flag an unencrypted, unlogged, TLS-optional bucket (the check is live)', () => {
    const scratch = new App();
    const stack = new Stack(scratch, 'Bad');
    new Bucket(stack, 'Leaky', { enforceSSL: false });
    scratch.synth();
    expect(findings(stack).map((f) => f.split(' ')[1])).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('fails synthesis of the app on a finding', () => {
    const scratch = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    defineMonteore(scratch);
    new Bucket(new Stack(scratch, 'Bad', { env: { region: 'eu-south-1' } }), 'Leaky', { enforceSSL: false });
    checkWithCdkNag(scratch);
    expect(() => scratch.synth()).toThrow(/AwsSolutions-S10/);
  });

  it('has only the acknowledgments we chose, each with a reason', () => {
    const acknowledged = new Map<string, string>();
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
          // The table's ARN is a reference to the data stack; name it generically.
          const id = key
            .replace(/^annotation::/i, '')
            .replace(/Resource::\{"Fn::GetStackOutput".*\}(\/index\/\*)\]$/, 'Resource::<table arn>$1]')
            .replace(/Resource::\{"Fn::GetStackOutput".*ExportsBucket.*\}\/\*\]$/, 'Resource::<exports bucket arn>/*]')
            .replace(/Resource::<TicketWorkflow\w+Function\w+\.Arn>:\*\]$/, 'Resource::<step function arn>:*]')
            .replace(/Resource::arn:aws:states:.*:execution:.*TicketWorkflowStateMachine\w+"\}\]\}\]\}:\*\]$/, 'Resource::<ticket executions>:*]')
            .replace(/Resource::arn:aws:states:.*:execution:.*\*\]$/, 'Resource::<conclusion executions>*]')
            .replace(/Resource::<SiteBucket\w+\.Arn>\/\*\]$/, 'Resource::<portal bucket arn>/*]')
            .replace(/Resource::arn:aws:s3:::cdk-\w+-assets-.*\/\*\]$/, 'Resource::<cdk asset bucket>/*]');
          expect(reason.length, id).toBeGreaterThan(60);
          acknowledged.set(id, reason);
        }
      }
    }
    expect([...acknowledged.keys()].sort()).toEqual(
      [
        'AwsSolutions-APIG4', // public routes of docs/api.md and $default
        'AwsSolutions-COG1', // password policy: length + breached-password blocking instead of composition
        'AwsSolutions-COG2', // no MFA until the portal has an MFA step
        'AwsSolutions-IAM5[Resource::*]', // X-Ray, and the state machine's log delivery
        'AwsSolutions-IAM5[Resource::<step function arn>:*]', // the state machine invokes each step function's versions
        'AwsSolutions-IAM5[Resource::<conclusion executions>*]', // .sync: describe/stop the child's executions
        'AwsSolutions-IAM5[Resource::<ticket executions>:*]', // the re-run route: is a ticket's execution running
        'AwsSolutions-IAM5[Resource::<table arn>/index/*]', // the table's own indexes
        'AwsSolutions-S1', // the access-log bucket itself
        'AwsSolutions-SMG4', // the cursor key is not rotated: it signs list positions, rotating only voids cursors in flight
        'AwsSolutions-IAM5[Resource::<exports bucket arn>/*]', // export files, named at run time
        // CDK's grantRead / grantReadWrite on the exports bucket alone (finance routes, the monthly export job)
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Action::s3:PutObject*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        // The portal site: CloudFront without geo restriction or WAF, the default certificate without a domain
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR2',
        'AwsSolutions-CFR4',
        // CDK's BucketDeployment handler, which copies the built portal into its bucket during deployments
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Resource::<portal bucket arn>/*]',
        'AwsSolutions-IAM5[Resource::<cdk asset bucket>/*]',
        'AwsSolutions-L1',
      ].sort(),
    );
  });
});
