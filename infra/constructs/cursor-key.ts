import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { AccessBinder, ServiceFunction } from './service-function';

/**
 * The key list cursors are signed with (`functions/shared/cursors.ts`): a Secrets Manager secret of 64
 * random characters that CloudFormation generates, so no one ever sees or types it. Functions that page get
 * `GetSecretValue` on this secret only and read it once per cold start. Replacing it (a new stack, a manual
 * rotation) only makes the cursors in flight a 400; clients start the list again.
 */
export class CursorKey extends Construct implements AccessBinder<'cursors:sign'> {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'monteore: HMAC key of the API list cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The cursor key signs short-lived list positions and protects no credential; rotating it would only make cursors in flight a 400. It is replaced with the stack when needed.',
    });
  }

  bind(fn: ServiceFunction): void {
    this.secret.grantRead(fn);
    fn.addEnvironment('CURSOR_SECRET_ID', this.secret.secretArn);
  }
}
