import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogueItem } from '#core/catalogue/packages';
import type { CatalogueStore } from '#core/ports';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';

/** Finance's catalogue edits: one item per package id under `CATALOGUE`. */
export class DynamoCatalogueStore implements CatalogueStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async stored(): Promise<CatalogueItem[]> {
    const out = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.catalogueItem('').pk }, ConsistentRead: true }),
    );
    return (out.Items ?? []).map((i) => fromItem<CatalogueItem>(i));
  }

  async put(item: CatalogueItem): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.catalogueItem(item.id), type: 'catalogue-item', ...item } }));
  }
}
