import type { CallerDirectory } from '#core/accounts/caller';
import { putSupplier } from '#core/einvoicing/fiscal-use-cases';
import type { EInvoicingSettingsStore } from '#core/ports';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoEInvoicingSettings } from '#adapters/dynamodb/einvoicing-settings';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { einvoicingSettingsBody } from './schemas';

/** PUT /finance/einvoicing: the ISP's fiscal data, all of it (a 400 names each bad field); the next export's drafts carry it. */
export const makePutEInvoicingSettings = (deps: { einvoicing: EInvoicingSettingsStore; now: () => Date; callers: CallerDirectory }) =>
  httpHandler({ route: 'put-einvoicing-settings', body: einvoicingSettingsBody, callers: deps.callers }, async ({ body, caller }) => ({
    status: 200,
    body: await putSupplier(deps, body, caller.username),
  }));

export const handler = makePutEInvoicingSettings({
  einvoicing: new DynamoEInvoicingSettings(env.tableName),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
  now: () => new Date(),
});
