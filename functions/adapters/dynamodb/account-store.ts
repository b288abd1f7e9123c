import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer, User } from '#core/accounts/accounts';
import type { LedgerTransaction } from '#core/ledger/ledger';
import type { AccountStore, CustomerChange, Page, UserChange } from '#core/ports';
import { conflict } from '#core/errors';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';
import { ledgerTransactItems } from './ledger-transaction';


export class DynamoAccountStore implements AccountStore {
  constructor(private readonly tableName: string) {}

  async createCustomer(customer: Customer, opening: LedgerTransaction): Promise<void> {
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.customer(customer.id), ...keys.customerByName(customer.name, customer.id), type: 'customer', ...customer },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...ledgerTransactItems(this.tableName, opening, new Date(customer.createdAt)).items,
          ],
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') throw conflict(`customer ${customer.id} already exists`);
      throw err;
    }
  }

  async getCustomer(id: string): Promise<Customer | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.customer(id) }));
    return out.Item ? fromItem<Customer>(out.Item) : undefined;
  }

  async getUser(sub: string): Promise<User | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.user(sub), ConsistentRead: true }));
    return out.Item ? fromItem<User>(out.Item) : undefined;
  }

  async getUserByUsername(username: string): Promise<User | undefined> {
    const sub = await this.holderOf(username);
    return sub === undefined ? undefined : this.getUser(sub);
  }

  private async holderOf(username: string): Promise<string | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.username(username), ConsistentRead: true }));
    return out.Item?.sub as string | undefined;
  }

  async createUser(user: User): Promise<void> {
    const previous = await this.holderOf(user.username);
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            // Keyed by subject and never overwritten: a record belongs to one subject for good.
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.user(user.sub), ...keys.userByUsername(user.username, user.sub), type: 'user', ...user },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.username(user.username), type: 'username', username: user.username, sub: user.sub, at: user.createdAt },
                // Moves only from the holder read above, so two creations of one username cannot both win.
                ...(previous === undefined
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : { ConditionExpression: '#sub = :previous', ExpressionAttributeNames: { '#sub': 'sub' }, ExpressionAttributeValues: { ':previous': previous } }),
              },
            },
            // Cognito gave the username to a new subject, so the old one was deleted there: its tokens die here.
            ...(previous !== undefined && previous !== user.sub
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: keys.user(previous),
                      // Out of the admin's list too: the username is the new subject's now.
                      UpdateExpression: 'SET retiredAt = :at, enabled = :off, updatedAt = :at REMOVE gsi1pk, gsi1sk',
                      ConditionExpression: 'attribute_exists(pk)',
                      ExpressionAttributeValues: { ':at': user.createdAt, ':off': false },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') throw conflict(`user ${user.username} was created or changed meanwhile`);
      throw err;
    }
  }

  async updateUser(sub: string, change: UserChange, at: Date): Promise<User | undefined> {
    const fields = Object.entries(change);
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.user(sub),
          UpdateExpression: `SET ${fields.map((_f, i) => `#f${i} = :v${i}`).join(', ')}, updatedAt = :at`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retiredAt)',
          ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
          ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value])), ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? fromItem<User>(out.Attributes) : undefined;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw err;
    }
  }

  /** One UpdateItem: set the given fields, remove the null ones, only on an account that exists. */
  async updateCustomer(id: string, change: CustomerChange, at: Date): Promise<Customer | undefined> {
    // A new name moves the account in the admin's list (gsi1) in the same write.
    const placed = change.name === undefined ? change : { ...change, gsi1sk: keys.customerByName(change.name, id).gsi1sk };
    const fields = Object.entries(placed).filter(([, v]) => v !== undefined);
    const set = fields.filter(([, v]) => v !== null);
    const remove = fields.filter(([, v]) => v === null);
    const names = Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name]));
    const nameOf = (name: string) => `#f${fields.findIndex(([n]) => n === name)}`;
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.customer(id),
          UpdateExpression: [`SET ${[...set.map(([name], i) => `${nameOf(name)} = :v${i}`), 'updatedAt = :at'].join(', ')}`, ...(remove.length ? [`REMOVE ${remove.map(([name]) => nameOf(name)).join(', ')}`] : [])].join(' '),
          ConditionExpression: 'attribute_exists(pk)',
          ...(fields.length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: { ...Object.fromEntries(set.map(([, value], i) => [`:v${i}`, value])), ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? fromItem<Customer>(out.Attributes) : undefined;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw err;
    }
  }

  async listCustomers(query: { prefix?: string; limit: number; cursor?: string }): Promise<Page<Customer>> {
    return this.listed<Customer>(keys.customerByName('', '').gsi1pk, query);
  }

  async listUsers(query: { prefix?: string; limit: number; cursor?: string }): Promise<Page<User>> {
    return this.listed<User>(keys.userByUsername('', '').gsi1pk, query);
  }

  /** One gsi1 partition in sort-key order, optionally the keys that start with a lowercased prefix: one Query per page. */
  private async listed<T>(gsi1pk: string, query: { prefix?: string; limit: number; cursor?: string }): Promise<Page<T>> {
    const prefix = query.prefix?.toLowerCase();
    const out = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk, ...(prefix ? { ':prefix': prefix } : {}) },
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, { gsi1pk }),
      }),
    );
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return { items: (out.Items ?? []).map((i) => fromItem<T>(i)), ...(nextCursor ? { nextCursor } : {}) };
  }

  /**
   * Puts a user record made before the admin's list existed into it (the seed, and the one-off backfill on
   * AWS): sets its gsi1 keys unless it is retired or listed already. True when it changed the record.
   */
  async listUser(user: User): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.user(user.sub),
          UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retiredAt) AND attribute_not_exists(gsi1pk)',
          ExpressionAttributeValues: { ':pk': keys.userByUsername(user.username, user.sub).gsi1pk, ':sk': keys.userByUsername(user.username, user.sub).gsi1sk },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }
}
