import { CreateTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
  type TimeUnitsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table';
import { LOCAL_NAMES, USER_POOL } from '../definitions';

/**
 * Creates, in the emulators, the resources the CDK app declares: the table (same keys and indexes), the
 * exports bucket, the user pool with its groups and app client. Idempotent: on a persisted data folder it
 * finds what is there.
 */
export interface LocalResources {
  tableName: string;
  bucketName: string;
  userPoolId: string;
  userPoolClientId: string;
}

/** The CreateTable call for a table of the single table's shape (keys and indexes from `table.ts`). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])]);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

export async function bootstrap(endpoints: { dynamodb: string; s3: string; cognito: string }): Promise<LocalResources> {
  const common = { region: LOCAL_NAMES.region, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  const ddb = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const s3 = new S3Client({ ...common, endpoint: endpoints.s3, forcePathStyle: true });
  const cognito = new CognitoIdentityProviderClient({ ...common, endpoint: endpoints.cognito });
  try {
    const tables = await ddb.send(new ListTablesCommand({}));
    if (!tables.TableNames?.includes(LOCAL_NAMES.table)) {
      await ddb.send(new CreateTableCommand(createTableInput(LOCAL_NAMES.table)));
      await ddb.send(new UpdateTimeToLiveCommand({ TableName: LOCAL_NAMES.table, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    }

    try {
      await s3.send(new HeadBucketCommand({ Bucket: LOCAL_NAMES.bucket }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket: LOCAL_NAMES.bucket }));
    }

    const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    let userPoolId = pools.UserPools?.find((p) => p.Name === LOCAL_NAMES.userPool)?.Id;
    if (!userPoolId) {
      const policy = USER_POOL.passwordPolicy;
      const created = await cognito.send(
        new CreateUserPoolCommand({
          PoolName: LOCAL_NAMES.userPool,
          // Plain usernames (no UsernameAttributes): the demo users log in as `admin`, `alfa`…
          UsernameConfiguration: { CaseSensitive: false },
          AutoVerifiedAttributes: ['email'],
          Policies: {
            PasswordPolicy: {
              MinimumLength: policy.minLength,
              RequireLowercase: policy.requireLowercase,
              RequireNumbers: policy.requireDigits,
              RequireUppercase: policy.requireUppercase,
              RequireSymbols: policy.requireSymbols,
            },
          },
        }),
      );
      userPoolId = created.UserPool!.Id!;
    }
    const groups = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
    for (const group of USER_POOL.groups) {
      if (!groups.Groups?.some((g) => g.GroupName === group)) {
        await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
      }
    }
    const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
    let userPoolClientId = clients.UserPoolClients?.find((c) => c.ClientName === LOCAL_NAMES.userPoolClient)?.ClientId;
    // Token lifetimes as the CDK client has them (cognito-local issues 24 h tokens unless told).
    const validity = {
      ExplicitAuthFlows: [...USER_POOL.authFlows],
      AccessTokenValidity: USER_POOL.accessTokenValidityMinutes,
      IdTokenValidity: USER_POOL.accessTokenValidityMinutes,
      RefreshTokenValidity: USER_POOL.refreshTokenValidityDays,
      TokenValidityUnits: { AccessToken: 'minutes' as TimeUnitsType, IdToken: 'minutes' as TimeUnitsType, RefreshToken: 'days' as TimeUnitsType },
    };
    if (!userPoolClientId) {
      const created = await cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: LOCAL_NAMES.userPoolClient, GenerateSecret: false, ...validity }),
      );
      userPoolClientId = created.UserPoolClient!.ClientId!;
    } else {
      // A data folder from before the lifetimes were set.
      await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: userPoolClientId, ClientName: LOCAL_NAMES.userPoolClient, ...validity }));
    }
    return { tableName: LOCAL_NAMES.table, bucketName: LOCAL_NAMES.bucket, userPoolId, userPoolClientId };
  } finally {
    ddb.destroy();
    s3.destroy();
    cognito.destroy();
  }
}
