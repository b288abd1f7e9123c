import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { AccessBinder, ServiceFunction } from './service-function';

export interface NotificationsProps {
  /** The address customer emails come from, e.g. `assistenza@example.it` (context `sesFromAddress`). */
  fromAddress: string;
  /** Where the emails' links point (the portal). */
  portalUrl: string;
}

/**
 * Outgoing customer email through SES: the sending domain as an SES identity (Easy DKIM; the operator adds
 * the CNAME records SES shows), and `email:send` for the functions that notify: SendEmail from that
 * identity only, plus the variables the SES adapter reads.
 */
export class Notifications extends Construct implements AccessBinder<'email:send'> {
  readonly identity: EmailIdentity;
  readonly domain: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: NotificationsProps,
  ) {
    super(scope, id);
    const domain = props.fromAddress.split('@')[1];
    if (!domain) throw new Error(`sesFromAddress must be an email address, got ${props.fromAddress}`);
    this.domain = domain;
    this.identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(domain) });
  }

  bind(fn: ServiceFunction): void {
    const stack = Stack.of(this);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.domain })],
      }),
    );
    fn.addEnvironment('SES_FROM', this.props.fromAddress);
    fn.addEnvironment('PORTAL_URL', this.props.portalUrl);
  }
}
