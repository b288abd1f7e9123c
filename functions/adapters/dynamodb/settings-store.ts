import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SettingsStore } from '#core/ports';
import type { BillingSettings } from '#core/billing/settings';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';

/** The installation's billing settings item (absent: the defaults). */
export class DynamoSettingsStore implements SettingsStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async overrides(): Promise<Partial<BillingSettings>> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.settings() }));
    return out.Item ? fromItem<Partial<BillingSettings>>(out.Item) : {};
  }
}
