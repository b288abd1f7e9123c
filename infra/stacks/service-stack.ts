import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Auth } from '../constructs/auth';
import { HttpApiRoutes } from '../constructs/http-api';

export interface ServiceStackProps extends StackProps {
  /** From the data stack. */
  table: ITable;
  /** From the data stack. */
  exportsBucket: IBucket;
}

/**
 * The service: composition only. Each concern is a construct (infra/constructs/); the stateful table and
 * bucket come in as props from the data stack.
 */
export class ServiceStack extends Stack {
  readonly auth: Auth;
  readonly api: HttpApiRoutes;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.auth = new Auth(this, 'Auth');
    this.api = new HttpApiRoutes(this, 'Api', {
      auth: this.auth,
      resources: { table: props.table, exportsBucket: props.exportsBucket },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'The API base URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.userPoolClient.userPoolClientId });
  }
}
