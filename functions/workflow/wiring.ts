import { cachedSettings } from '#core/billing/settings';
import { settleTicket } from '#core/hours/use-cases';
import { sendNoticeOnce } from '#core/notifications/send';
import { TransientError } from '#core/errors';
import type { WorkflowDeps } from '#core/tickets/workflow';
import { DynamoAccountStore } from '#adapters/dynamodb/account-store';
import { DynamoEmailOutbox } from '#adapters/dynamodb/email-outbox';
import { DynamoIncidentStore } from '#adapters/dynamodb/incident-store';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { DynamoTicketWorkflowStore } from '#adapters/dynamodb/ticket-workflow-store';
import { SesEmailSender } from '#adapters/ses';
import { SfnWorkflowEngine } from '#adapters/sfn';
import { env } from '#shared/env';
import { logger } from '#shared/logging';
import { emitCount, METRICS } from '#shared/metrics';

/**
 * The workflow's dependencies, built once per container from the environment. Each adapter reads only
 * its own variables, so a step gets by with the ones its `access` list sets.
 */
export function workflowDeps(): WorkflowDeps {
  const table = env.tableName;
  const accounts = new DynamoAccountStore(table);
  const ledger = new DynamoLedgerStore(table);
  const settings = cachedSettings(new DynamoSettingsStore(table));
  const now = () => new Date();
  let sender: SesEmailSender | undefined;
  return {
    tickets: new DynamoTicketStore(table),
    store: new DynamoTicketWorkflowStore(table),
    incidents: new DynamoIncidentStore(table),
    engine: new SfnWorkflowEngine(() => env.stateMachineArn),
    settle: async (input) => (await settleTicket({ ledger, accounts, settings, now }, input)).result,
    buckets: (customerId) => ledger.buckets(customerId),
    customer: (customerId) => accounts.getCustomer(customerId),
    settings,
    notify: (notice, to) => sendNoticeOnce({ outbox: new DynamoEmailOutbox(table), sender: (sender ??= new SesEmailSender(env.sesFrom)), now, unconfirmed }, notice, to, env.portalUrl),
    now,
  };
}

/** An email whose send has an unknown outcome: never resent; the log line and the metric ask a person to look. */
async function unconfirmed(noticeId: string, reason: string): Promise<void> {
  emitCount(METRICS.emailsUnconfirmed, 1, { noticeId });
  (await logger()).error('email unconfirmed: check SES before sending it by hand', { noticeId, reason });
}

/** AWS errors that a later attempt may not meet (throttling, conflicts, a service briefly away). */
const RETRYABLE = new Set([
  'TransactionConflictException',
  'TransactionCanceledException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'InternalFailure',
  'TooManyRequestsException',
  'LimitExceededException',
  // The SDK's own: a call that did not complete in time (adapters/aws-config.ts), a socket torn down.
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/**
 * A workflow task: errors worth retrying leave as `TransientError`, which the state machine retries with
 * backoff; anything else keeps its name and is caught, flagged and failed.
 */
export function task<I, O>(fn: (input: I) => Promise<O>): (input: I) => Promise<O> {
  return async (input) => {
    try {
      return await fn(input);
    } catch (err) {
      const e = err as Error & { $retryable?: unknown; code?: string };
      if (!(err instanceof TransientError) && (RETRYABLE.has(e.name) || e.$retryable || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code ?? ''))) {
        throw new TransientError(`${e.name}: ${e.message}`);
      }
      throw err;
    }
  };
}
