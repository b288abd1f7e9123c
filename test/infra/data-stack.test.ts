// Proves the data stack keeps data safe and matches the runtime: the table has the keys, indexes and TTL
// of functions/adapters/dynamodb/table.ts, on-demand billing, PITR, deletion protection and Retain; the
// exports bucket is encrypted, private, TLS-only, versioned, access-logged and retained.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table';
import { logicalId, resourcesOf, synthesize } from './support';

const { data, dataTemplate: template } = synthesize();
const tableId = logicalId(data.table);
const bucketId = logicalId(data.exportsBucket);

describe('table', () => {
  it('is the only table, with the keys, indexes and TTL the adapter uses', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    const table = template.toJSON().Resources[tableId];
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      TABLE_INDEXES.map((i) => ({
        IndexName: i.indexName,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyNames = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])];
    expect(table.Properties.AttributeDefinitions).toEqual(expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))));
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it('bills per request, recovers to any second of 35 days, refuses deletion and is retained', () => {
    const table = template.toJSON().Resources[tableId];
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('keeps the construct id that names it (moving it would replace the table)', () => {
    expect(data.table.node.path).toBe('MonteoreData/Table');
  });
});

describe('exports bucket', () => {
  it('is encrypted, blocks all public access, is versioned and retained', () => {
    const bucket = template.toJSON().Resources[bucketId];
    expect(data.exportsBucket.node.path).toBe('MonteoreData/ExportsBucket');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toMatch(/^(AES256|aws:kms)$/);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('refuses every request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('logs access to a private, TLS-only, retained log bucket', () => {
    const bucket = template.toJSON().Resources[bucketId];
    const logBucketRef = bucket.Properties.LoggingConfiguration.DestinationBucketName as { Ref: string };
    const logBucket = template.toJSON().Resources[logBucketRef.Ref];
    expect(logBucket.Type).toBe('AWS::S3::Bucket');
    expect(logBucket.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    expect(logBucket.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: logBucketRef,
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('leaves nothing in the data stack that CloudFormation would delete with it', () => {
    const stateful = { ...resourcesOf(template, 'AWS::DynamoDB::Table'), ...resourcesOf(template, 'AWS::S3::Bucket') };
    for (const [id, resource] of Object.entries(stateful)) expect(resource.DeletionPolicy, id).toBe('Retain');
  });
});
