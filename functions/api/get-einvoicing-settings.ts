import type { CallerDirectory } from '#core/accounts/caller';
import { getSupplier } from '#core/einvoicing/fiscal-use-cases';
import type { EInvoicingSettingsStore } from '#core/ports';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoEInvoicingSettings } from '#adapters/dynamodb/einvoicing-settings';
import { env } from '#shared/env';
import { httpHandler } from './handler';

/** GET /finance/einvoicing: the ISP's own fiscal data, as the drafts carry it; 404 until it is set. */
export const makeGetEInvoicingSettings = (deps: { einvoicing: EInvoicingSettingsStore; callers: CallerDirectory }) =>
  httpHandler({ route: 'get-einvoicing-settings', callers: deps.callers }, async () => ({ status: 200, body: await getSupplier(deps) }));

export const handler = makeGetEInvoicingSettings({
  einvoicing: new DynamoEInvoicingSettings(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
});
