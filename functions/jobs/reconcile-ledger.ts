import type { Metrics } from '@aws-lambda-powertools/metrics';
import { reconcileAccount, type Drift } from '#core/ledger/reconcile';
import type { LedgerAudit } from '#core/ports';
import { cachedSettings } from '#core/billing/settings';
import { reconcileTicket, type TicketAudit, type TicketPolicy } from '#core/tickets/audit';
import type { Ticket } from '#core/tickets/tickets';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { DynamoSettingsStore } from '#adapters/dynamodb/settings-store';
import { DynamoTicketStore } from '#adapters/dynamodb/ticket-store';
import { env } from '#shared/env';
import { logger } from '#shared/logging';
import { RECONCILE_METRICS } from './schedules';

/**
 * Reconcile: recomputes every account's balances, granted minutes, consuntivo amounts, package count and
 * ticket charges from the entries alone (`reconcileAccount`, G1–G5 and G9), then checks every closed
 * ticket's logged → billable → charged chain against its worklogs and its ledger entries
 * (`reconcileTicket`, T1–T4), and lists every difference. Zero drift is the only correct answer.
 * `npm run reconcile` runs it on the local data; the scheduled job on AWS publishes the drift as a metric
 * that an alarm watches (`schedules.ts`); the tests run the same function.
 */
export interface ReconcileReport {
  accounts: number;
  buckets: number;
  entries: number;
  /** Closed tickets checked (0 when reconcile ran on the ledger alone). */
  tickets: number;
  drift: Drift[];
}

export interface TicketReconcileDeps {
  tickets: TicketAudit;
  /** The installation's billing policy, for tickets settled before the policy was recorded on them. */
  policy: () => Promise<TicketPolicy>;
}

export async function reconcileLedger(audit: LedgerAudit, ticketDeps?: TicketReconcileDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { accounts: 0, buckets: 0, entries: 0, tickets: 0, drift: [] };
  // Closed tickets are listed before the ledger is read: a ticket is closed only after its settle
  // committed, so every listed ticket's entries are in what is read next.
  const closed: Ticket[] = [];
  if (ticketDeps) for await (const page of ticketDeps.tickets.closedTickets()) closed.push(...page);
  const charged = new Map<string, number>();
  for await (const account of audit.accounts()) {
    report.accounts++;
    report.buckets += account.buckets.length;
    report.entries += account.entries.length;
    report.drift.push(...reconcileAccount(account.customerId, account));
    for (const e of account.entries) if (e.ticketId) charged.set(e.ticketId, (charged.get(e.ticketId) ?? 0) - e.minutes);
  }
  if (!ticketDeps) return report;
  const policy = await ticketDeps.policy();
  for (const listed of closed) {
    report.tickets++;
    const worklogs = await ticketDeps.tickets.worklogs(listed.id);
    if (reconcileTicket(listed, worklogs, charged.get(listed.id) ?? 0, policy).length === 0) continue;
    // Read again before reporting: the index lags, and a contest may have moved the ticket since.
    report.drift.push(...(await recheck(audit, ticketDeps.tickets, listed.id, policy)));
  }
  return report;
}

async function recheck(audit: LedgerAudit, tickets: TicketAudit, ticketId: string, policy: TicketPolicy): Promise<Drift[]> {
  const ticket = await tickets.get(ticketId);
  if (!ticket || ticket.status !== 'closed') return [];
  const [worklogs, account] = await Promise.all([tickets.worklogs(ticketId), audit.account(ticket.customerId)]);
  const chargedMinutes = account.entries.filter((e) => e.ticketId === ticketId).reduce((s, e) => s - e.minutes, 0);
  return reconcileTicket(ticket, worklogs, chargedMinutes, policy);
}

/**
 * The scheduled job: reconciles everything, publishes the drift count as a CloudWatch metric (EMF on
 * stdout, which an alarm watches) and logs each difference. Drift is reported, not thrown: a throw
 * would make the scheduler run it again for nothing. A table that cannot be read throws (and is retried).
 */
export const makeReconcileJob =
  (deps: { ledger: LedgerAudit } & TicketReconcileDeps & { metrics: () => Promise<Metrics> }) => async (): Promise<Omit<ReconcileReport, 'drift'> & { drift: number }> => {
    const report = await reconcileLedger(deps.ledger, deps);
    const [log, metrics] = await Promise.all([logger(), deps.metrics()]);
    const ticketDrift = report.drift.filter((d) => d.what.startsWith('ticket T-')).length;
    metrics.addMetric(RECONCILE_METRICS.drift, 'Count', report.drift.length);
    metrics.addMetric(RECONCILE_METRICS.ticketDrift, 'Count', ticketDrift);
    metrics.addMetric(RECONCILE_METRICS.ticketsChecked, 'Count', report.tickets);
    metrics.publishStoredMetrics();
    const summary = { accounts: report.accounts, buckets: report.buckets, entries: report.entries, tickets: report.tickets, drift: report.drift.length };
    if (report.drift.length) log.error('reconcile found drift', { ...summary, differences: report.drift.slice(0, 200) });
    else log.info('ledger and tickets reconciled', summary);
    return summary;
  };

let metrics: Promise<Metrics> | undefined;
let job: ReturnType<typeof makeReconcileJob> | undefined;

/** Wired on first call, not at import: `npm run reconcile` imports `reconcileLedger` from here without a Lambda environment. */
export const handler = () =>
  (job ??= makeReconcileJob({
    ledger: new DynamoLedgerStore(env.tableName),
    tickets: new DynamoTicketStore(env.tableName),
    policy: cachedSettings(new DynamoSettingsStore(env.tableName)),
    // No dimensions but the `service` one Powertools adds: the alarm watches exactly this metric.
    metrics: () => (metrics ??= import('@aws-lambda-powertools/metrics').then(({ Metrics }) => new Metrics({ namespace: RECONCILE_METRICS.namespace, serviceName: RECONCILE_METRICS.service }))),
  }))();
