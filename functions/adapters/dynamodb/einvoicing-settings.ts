import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SupplierFiscalData } from '#core/einvoicing/fiscal-data';
import type { EInvoicingSettingsStore } from '#core/ports';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';

/** The ISP's fiscal data: one item, `SETTINGS` / `EINVOICING`, read strongly consistent (an export must see the latest). */
export class DynamoEInvoicingSettings implements EInvoicingSettingsStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async supplier(): Promise<SupplierFiscalData | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.einvoicingSettings(), ConsistentRead: true }));
    return out.Item ? fromItem<SupplierFiscalData>(out.Item) : undefined;
  }

  async putSupplier(supplier: SupplierFiscalData): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.einvoicingSettings(), type: 'einvoicing-settings', ...supplier } }));
  }
}
