import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer, User } from '#core/accounts';
import type { LedgerTransaction } from '#core/ledger';
import type { AccountStore } from '#core/ports';
import { conflict } from '#core/errors';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';
import { ledgerTransactItems } from './ledger-store';

const record = <T>(item: Record<string, unknown> | undefined): T | undefined => (item ? fromItem<T>(item) : undefined);

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
    return record<Customer>(out.Item);
  }

  async getUser(username: string): Promise<User | undefined> {
    const out = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: keys.user(username) }));
    return record<User>(out.Item);
  }

  async putUser(user: User): Promise<void> {
    await documentClient().send(new PutCommand({ TableName: this.tableName, Item: { ...keys.user(user.username), type: 'user', ...user } }));
  }
}
