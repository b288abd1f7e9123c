import type { CallerDirectory } from '#core/accounts/caller';
import { changeHourlyRate, type HourlyRateStore } from '#core/ledger/hourly-rate';
import { DynamoCallerDirectory } from '#adapters/dynamodb/caller-directory';
import { DynamoHourlyRates } from '#adapters/dynamodb/customer-balances';
import { env } from '#shared/env';
import { httpHandler } from './handler';
import { customerRateBody } from './schemas';

/** PUT /finance/customers/{id}/rate: the account's rate and its ledger's copy, in one transaction. */
export const makePutCustomerRate = (deps: { rates: HourlyRateStore; now: () => Date; callers: CallerDirectory }) =>
  httpHandler({ route: 'put-customer-rate', body: customerRateBody, callers: deps.callers }, async ({ body, path }) => {
    return { status: 200, body: await changeHourlyRate(deps, path.id!, body.hourlyRateCents) };
  });

export const handler = makePutCustomerRate({
  rates: new DynamoHourlyRates(env.tableName),
  now: () => new Date(),
  callers: new DynamoCallerDirectory(env.tableName, env.callerCacheTtlSeconds),
});
