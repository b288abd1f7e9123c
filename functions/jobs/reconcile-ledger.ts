import { reconcileAccount, type Drift } from '#core/ledger';
import type { LedgerAudit } from '#core/ports';
import { DynamoLedgerStore } from '#adapters/dynamodb/ledger-store';
import { env } from '#shared/env';
import { logger } from '#shared/logging';

/**
 * Reconcile: recomputes every account's balances, granted minutes, consuntivo amounts, package count and
 * ticket charges from the entries alone (`reconcileAccount`, G1–G5 and G9) and lists every difference
 * with what is stored. Zero drift is the only correct answer. `npm run reconcile` runs it on the local
 * data; the tests run the same function.
 */
export interface ReconcileReport {
  accounts: number;
  buckets: number;
  entries: number;
  drift: Drift[];
}

export async function reconcileLedger(audit: LedgerAudit): Promise<ReconcileReport> {
  const report: ReconcileReport = { accounts: 0, buckets: 0, entries: 0, drift: [] };
  for await (const account of audit.accounts()) {
    report.accounts++;
    report.buckets += account.buckets.length;
    report.entries += account.entries.length;
    report.drift.push(...reconcileAccount(account.customerId, account));
  }
  return report;
}

/** As a scheduled job: logs the report, and fails (so an alarm can fire) when anything drifted. */
export const handler = async (): Promise<ReconcileReport> => {
  const report = await reconcileLedger(new DynamoLedgerStore(env.tableName));
  const log = await logger();
  if (report.drift.length) {
    log.error('ledger drift', { drift: report.drift });
    throw new Error(`ledger drift in ${new Set(report.drift.map((d) => d.customerId)).size} account(s)`);
  }
  log.info('ledger reconciled', { accounts: report.accounts, buckets: report.buckets, entries: report.entries });
  return report;
};
