import { CfnOutput, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Auth } from '../constructs/auth';
import { HttpApiRoutes } from '../constructs/http-api';
import { Notifications } from '../constructs/notifications';
import { ScheduledJobs } from '../constructs/scheduled-jobs';
import { TicketWorkflow } from '../constructs/ticket-workflow';

export interface ServiceStackProps extends StackProps {
  /** From the data stack. */
  table: ITable;
  /** From the data stack. */
  exportsBucket: IBucket;
  /** The address customer emails come from; its domain becomes an SES identity. */
  sesFromAddress: string;
  /** Where email links point. @default the API's URL */
  portalUrl?: string;
  /** Concurrency reserved for each ticket-workflow step function (see `TicketWorkflowProps`). @default 0 */
  workflowReservedConcurrency?: number;
}

/**
 * The service: composition only. Each concern is a construct (infra/constructs/); the stateful table and
 * bucket come in as props from the data stack.
 */
export class ServiceStack extends Stack {
  readonly auth: Auth;
  readonly api: HttpApiRoutes;
  readonly notifications: Notifications;
  readonly workflow: TicketWorkflow;
  readonly jobs: ScheduledJobs;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.auth = new Auth(this, 'Auth');
    const { userPool, userPoolClient } = this.auth;
    // Until the portal has a site of its own, links go to the API's URL (known only once the API is built: lazily).
    const portalUrl = props.portalUrl ?? Lazy.string({ produce: () => this.api.url });
    this.notifications = new Notifications(this, 'Notifications', { fromAddress: props.sesFromAddress, portalUrl });
    this.workflow = new TicketWorkflow(this, 'TicketWorkflow', {
      resources: { table: props.table, exportsBucket: props.exportsBucket, userPool, userPoolClient, apiBase: '', email: this.notifications },
      reservedConcurrency: props.workflowReservedConcurrency ?? 0,
    });
    this.api = new HttpApiRoutes(this, 'Api', {
      auth: this.auth,
      resources: { table: props.table, exportsBucket: props.exportsBucket, workflow: this.workflow, email: this.notifications },
    });

    this.jobs = new ScheduledJobs(this, 'Jobs', { resources: { table: props.table, exportsBucket: props.exportsBucket, userPool, userPoolClient, apiBase: '' } });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'The API base URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.userPoolClient.userPoolClientId });
  }
}
