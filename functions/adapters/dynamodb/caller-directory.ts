import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CallerDirectory } from '#core/caller';
import { documentClient } from './client';
import { keys } from './keys';

/**
 * Username → account, from the user records written by POST /admin/users. A user never changes account,
 * so a hit is cached for the life of the container: one GetItem per user per cold start, not per request.
 */
export class DynamoCallerDirectory implements CallerDirectory {
  private readonly cache = new Map<string, string>();

  constructor(private readonly tableName: string) {}

  async customerOf(username: string): Promise<string | undefined> {
    const hit = this.cache.get(username);
    if (hit) return hit;
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.user(username), ProjectionExpression: 'customerId' }));
    const customerId = out.Item?.customerId as string | undefined;
    if (customerId) this.cache.set(username, customerId);
    return customerId;
  }
}
