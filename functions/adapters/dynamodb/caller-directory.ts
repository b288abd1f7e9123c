import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { User } from '#core/accounts/accounts';
import { ttlCached, type CallerDirectory } from '#core/accounts/caller';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';

/**
 * Subject → user record, from the records POST /admin/users writes. Each record is cached for
 * `ttlSeconds` (at most a minute): one GetItem per user per minute per container rather than per request,
 * and a user disabled, demoted or retired loses the old rights within that time, whatever token it holds.
 */
export class DynamoCallerDirectory implements CallerDirectory {
  private readonly lookup: (sub: string) => Promise<User | undefined>;

  constructor(
    private readonly tableName: string,
    ttlSeconds: number,
  ) {
    this.lookup = ttlCached((sub) => this.read(sub), { ttlMs: ttlSeconds * 1000 });
  }

  userBySub(sub: string): Promise<User | undefined> {
    return this.lookup(sub);
  }

  private async read(sub: string): Promise<User | undefined> {
    // Strongly consistent: a change is seen by the next lookup, so the cache's TTL is the only delay.
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.user(sub), ConsistentRead: true }));
    return out.Item ? fromItem<User>(out.Item) : undefined;
  }
}
