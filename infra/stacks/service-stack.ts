import { CfnOutput, Lazy, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { OperatorAlarms } from '../constructs/alarms';
import { Auth } from '../constructs/auth';
import { CursorKey } from '../constructs/cursor-key';
import { HttpApiRoutes } from '../constructs/http-api';
import { Notifications } from '../constructs/notifications';
import { PortalSite } from '../constructs/portal-site';
import { ScheduledJobs } from '../constructs/scheduled-jobs';
import { TicketWorkflow } from '../constructs/ticket-workflow';

export interface ServiceStackProps extends StackProps {
  /** From the data stack. */
  table: ITable;
  /** From the data stack. */
  exportsBucket: IBucket;
  /** The address customer emails come from; its domain becomes an SES identity. */
  sesFromAddress: string;
  /** Where email links point. @default the portal site's URL, or the API's when there is no site */
  portalUrl?: string;
  /** The built portal (`portal/dist`); without it the stack has no portal site. */
  portalDir?: string;
  /** The portal's own domain and its us-east-1 ACM certificate (both or neither). */
  portalDomainName?: string;
  portalCertificateArn?: string;
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
  readonly cursorKey: CursorKey;
  readonly alarms: OperatorAlarms;
  /** The customer portal (CloudFront + S3, the API as second origin), in a nested stack of its own. */
  readonly portal?: PortalSite;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.auth = new Auth(this, 'Auth');
    const { userPool, userPoolClient } = this.auth;
    // Links go to the portal's site, or to the API's URL without one (both known only once built: lazily).
    const portalUrl = props.portalUrl ?? Lazy.string({ produce: () => this.portal?.url ?? this.api.url });
    this.notifications = new Notifications(this, 'Notifications', { fromAddress: props.sesFromAddress, portalUrl });
    this.workflow = new TicketWorkflow(this, 'TicketWorkflow', {
      resources: { table: props.table, exportsBucket: props.exportsBucket, userPool, userPoolClient, apiBase: '', email: this.notifications },
      reservedConcurrency: props.workflowReservedConcurrency ?? 0,
    });
    this.cursorKey = new CursorKey(this, 'CursorKey');
    this.api = new HttpApiRoutes(this, 'Api', {
      auth: this.auth,
      resources: { table: props.table, exportsBucket: props.exportsBucket, workflow: this.workflow, email: this.notifications, cursors: this.cursorKey },
    });
    if (props.portalDir) {
      const portalStack = new NestedStack(this, 'Portal', { description: 'monteore: the customer portal (CloudFront, S3) in front of the HTTP API' });
      this.portal = new PortalSite(portalStack, 'Site', {
        siteDir: props.portalDir,
        api: this.api.api,
        ...(props.portalDomainName ? { domainName: props.portalDomainName } : {}),
        ...(props.portalCertificateArn ? { certificateArn: props.portalCertificateArn } : {}),
      });
      new CfnOutput(this, 'PortalUrl', { value: this.portal.url, description: 'The customer portal' });
    }

    this.jobs = new ScheduledJobs(this, 'Jobs', { resources: { table: props.table, exportsBucket: props.exportsBucket, userPool, userPoolClient, apiBase: '' } });
    this.alarms = new OperatorAlarms(this, 'Alarms', {
      stateMachines: { Tickets: this.workflow.stateMachine, Conclusion: this.workflow.conclusionMachine },
      httpApi: this.api.api,
    });
    for (const job of this.jobs.jobs) if (job.alarm) this.alarms.watch(job.alarm);
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Subscribe the operator (email, chat) to this topic' });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'The API base URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.userPoolClient.userPoolClientId });
  }
}
