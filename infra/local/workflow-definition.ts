import { App, Stack } from 'aws-cdk-lib';
import { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { cdkJsonContext } from '../cdk-context';
import { TicketWorkflow } from '../constructs/ticket-workflow';

/**
 * The deployed ticket workflow's ASL for the local Step Functions stand-in (`step-functions.ts`): the same
 * definition the construct synthesizes, with function ARNs replaced by handler names.
 */
/** The conclusion state machine's ARN in the local stand-in. */
export const LOCAL_CONCLUSION_ARN = 'arn:aws:states:eu-south-1:000000000000:stateMachine:monteore-ticket-conclusion';

/** Pseudo parameters as the local stand-in sees them (`arn:aws:states:::lambda:invoke` and the like). */
const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-south-1', 'AWS::AccountId': '000000000000', 'AWS::URLSuffix': 'amazonaws.com' };

/**
 * Turns a resolved `DefinitionString` (an `Fn::Join` with `Fn::GetAtt [<fn>, Arn]` parts) into the ASL
 * with each function ARN replaced by its handler name: what the local Step Functions stand-in runs.
 */
export function aslWithHandlerNames(resolved: unknown, handlerByLogicalId: Record<string, string>): Record<string, unknown> {
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const parts = join ? join[1] : [resolved];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      if (ref && ref in PSEUDO) return PSEUDO[ref]!;
      if (ref && handlerByLogicalId[ref]) return handlerByLogicalId[ref];
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      const handler = getAtt && handlerByLogicalId[getAtt[0]];
      if (!handler) throw new Error(`unexpected token in the state machine definition: ${JSON.stringify(part)}`);
      return handler;
    })
    .join('');
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * The workflow's ASL for local runs, taken from the construct itself (no synth, no bundling): a
 * throwaway stack holding only the workflow, resolved in a few milliseconds.
 */
export function localWorkflowDefinition(): { definition: Record<string, unknown>; children: Record<string, Record<string, unknown>> } {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'LocalWorkflow', { env: { region: 'eu-south-1', account: '000000000000' } });
  const userPool = UserPool.fromUserPoolId(stack, 'Pool', 'local');
  const workflow = new TicketWorkflow(stack, 'TicketWorkflow', {
    resources: {
      table: Table.fromTableName(stack, 'Table', 'local'),
      exportsBucket: Bucket.fromBucketName(stack, 'Bucket', 'local'),
      userPool,
      userPoolClient: UserPoolClient.fromUserPoolClientId(stack, 'Client', 'local'),
      apiBase: 'http://local',
      email: { bind: () => undefined },
    },
  });
  const names = workflow.handlerByLogicalId(LOCAL_CONCLUSION_ARN);
  return {
    definition: aslWithHandlerNames(workflow.resolvedDefinition(), names),
    children: { [LOCAL_CONCLUSION_ARN]: aslWithHandlerNames(workflow.resolvedDefinition(workflow.conclusionMachine), names) },
  };
}
