import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { documentClient } from '../functions/adapters/dynamodb/client';
import { executionName } from '../functions/core/tickets/workflow';
import { freePort } from '../infra/local/emulators';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { caller, cognitoLogin } from '../test/support/session';

/**
 * A ticket's life through the local stack, for the workflow and cost benchmarks: a customer opens it,
 * follows it, a technician answers, logs time and resolves it, the workflow closes it. Counts what AWS
 * bills for (API requests, DynamoDB capacity units as DynamoDB Local reports them, emails) and times
 * each ticket from its resolution to its execution's end.
 */
export interface ScenarioResult {
  tickets: number;
  wallMs: number;
  /** Resolution accepted → execution SUCCEEDED, per ticket. */
  resolutionToClosedMs: number[];
  apiRequests: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  /** Per ticket: Σ of its ledger entries' minutes equals −billableMinutes, with one consume entry per charged bucket. */
  exactlyOneDebit: boolean;
  failures: string[];
}

export async function withLocalStack<T>(fn: (stack: LocalStack) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'monteore-bench-'));
  const stack = await startLocalStack({ port: await freePort(), dataDir, persist: false, seed: true });
  try {
    return await fn(stack);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Sums the capacity units DynamoDB reports for every call of the shared client. */
export function meterCapacity(name = 'benchCapacityMeter'): { read: number; write: number } {
  const meter = { read: 0, write: 0 };
  const READS = /^(Get|Query|Scan|BatchGet|TransactGet)/;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const units = ((Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { CapacityUnits?: number }[]).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (READS.test(String(context.commandName))) meter.read += units;
      else meter.write += units;
      return out;
    },
    { step: 'initialize', name },
  );
  return meter;
}

export async function runTickets(stack: LocalStack, count: number): Promise<ScenarioResult> {
  const env = stack.env;
  const base = stack.url;
  let apiRequests = 0;
  const cognito = { endpoint: stack.emulators.endpoints.cognito, clientId: env.USER_POOL_CLIENT_ID! };
  const token = async (username: string, password: string) => (await cognitoLogin(cognito, username, password)).accessToken;
  const call = caller(base, () => apiRequests++);

  const admin = await token('admin', 'demo-password-1');
  const tech = await token('tech', 'demo-password-1');
  const billingEmail = `bench-${Date.now()}@bench.example`;
  const customer = await call('POST', '/admin/customers', admin, { name: 'Bench Srl', billingEmail, locale: 'it', freeMinutes: 600 });
  const username = `bench${Date.now().toString(36)}`;
  await call('POST', '/admin/users', admin, { username, email: billingEmail, role: 'customer', customerId: customer.id, password: 'bench-password-1' });
  const customerToken = await token(username, 'bench-password-1');
  const sfn = new SFNClient({ endpoint: env.AWS_ENDPOINT_URL_SFN!, region: env.AWS_REGION!, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const mailsBefore = ((await (await fetch(`${stack.emulators.endpoints.ses}/store`)).json()) as { emails: unknown[] }).emails.length;

  apiRequests = 0;
  const meter = meterCapacity();
  const categories = ['configuration_change', 'service_fault', 'custom_configuration', 'service_information'];
  const causes = ['none', 'provider', 'customer', 'none'];
  const started = performance.now();
  const failures: string[] = [];
  const resolvedAt = new Map<string, number>();
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      try {
        // The customer consents to consuntivo work, as the portal asks once nothing prepaid is left.
        const t = await call('POST', '/tickets', customerToken, { category: categories[i % 4], subject: `Bench ${i}`, description: 'Ticket del benchmark', consentToConsuntivo: true });
        ids.push(t.id);
        await call('GET', `/tickets/${t.id}`, customerToken);
        await call('POST', `/tickets/${t.id}/messages`, tech, { body: 'Presa in carico' });
        await call('POST', `/tickets/${t.id}/worklogs`, tech, { minutes: 5 + (i % 40), kind: 'remote', note: 'verifica' });
        await call('GET', `/tickets/${t.id}`, customerToken);
        await call('POST', `/tickets/${t.id}/resolution`, tech, { rootCause: causes[i % 4], summary: 'risolto' });
        resolvedAt.set(t.id, Date.now());
      } catch (err) {
        failures.push((err as Error).message);
      }
    }),
  );
  await stack.stepFunctions.idle();
  const wallMs = performance.now() - started;
  // What the tickets' lives cost ends here; the checks below are the benchmark's own reads.
  const metered = { apiRequests, read: meter.read, write: meter.write };

  const arn = env.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:');
  const resolutionToClosedMs: number[] = [];
  for (const id of ids) {
    const ex = await sfn.send(new DescribeExecutionCommand({ executionArn: `${arn}:${executionName({ ticketId: id, customerId: customer.id, round: 1 })}` }));
    if (ex.status !== 'SUCCEEDED') failures.push(`${id}: execution ${ex.status} ${ex.error ?? ''}`);
    else resolutionToClosedMs.push(ex.stopDate!.getTime() - resolvedAt.get(id)!);
  }
  // Every ticket closed, and its ledger entries are exactly its charges: one consume entry per bucket it drew on.
  let exactlyOneDebit = true;
  const entries = await ticketEntries(stack, customer.id);
  for (const id of ids) {
    const t = await call('GET', `/tickets/${id}`, customerToken);
    if (t.status !== 'closed') failures.push(`${id}: ${t.status}`);
    const mine = entries.filter((e) => e.ticketId === id);
    const debited = -mine.reduce((s, e) => s + (e.minutes as number), 0);
    const charged = (t.charges as { minutes: number }[]).reduce((s, c) => s + c.minutes, 0);
    if (debited !== t.billableMinutes || charged !== t.billableMinutes || mine.length !== (t.charges as unknown[]).length) exactlyOneDebit = false;
  }
  const emails = ((await (await fetch(`${stack.emulators.endpoints.ses}/store`)).json()) as { emails: unknown[] }).emails.length - mailsBefore;
  sfn.destroy();
  return { tickets: count, wallMs, resolutionToClosedMs, apiRequests: metered.apiRequests, readUnits: metered.read, writeUnits: metered.write, emails, exactlyOneDebit, failures };
}

async function ticketEntries(stack: LocalStack, customerId: string): Promise<Record<string, unknown>[]> {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const out: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: stack.env.TABLE_NAME!,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':e': 'ENTRY#' },
        ExclusiveStartKey: startKey,
      }),
    );
    out.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
};
