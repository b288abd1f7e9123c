import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientConfig } from '../aws-config';

let client: DynamoDBDocumentClient | undefined;

/**
 * One DocumentClient per process, built on first use. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` when set (DynamoDB Local), from the region otherwise.
 */
export function documentClient(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
}
