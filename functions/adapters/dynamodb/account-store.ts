import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer, User } from '#core/accounts/accounts';
import type { LedgerTransaction } from '#core/ledger/ledger';
import type { AccountStore, CustomerChange, UserChange } from '#core/ports';
import { conflict } from '#core/errors';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';
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
            { Put: { TableName: this.tableName, Item: { ...keys.user(user.sub), type: 'user', ...user }, ConditionExpression: 'attribute_not_exists(pk)' } },
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
                      UpdateExpression: 'SET retiredAt = :at, enabled = :off, updatedAt = :at',
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
    const fields = Object.entries(change).filter(([, v]) => v !== undefined);
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
}
