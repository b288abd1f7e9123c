import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SlaSettings } from '#core/tickets/sla';
import type { SlaSettingsStore } from '#core/tickets/sla-use-cases';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';

/** The SLA targets: one item, `SETTINGS` / `SLA`; absent until saved (the defaults apply). */
export class DynamoSlaSettings implements SlaSettingsStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async read(): Promise<(Partial<SlaSettings> & { updatedAt?: string; updatedBy?: string }) | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.slaSettings(), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async write(settings: SlaSettings, by: string, at: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.slaSettings(), type: 'sla-settings', targets: settings.targets, atRiskPercent: settings.atRiskPercent, updatedAt: at, updatedBy: by } }));
  }
}
