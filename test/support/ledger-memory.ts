import { type BucketState, type LedgerEntry, type TicketSettlement, type SettleRecord, type PackageOrder, type LedgerTransaction, type CommitOutcome, bucketKey } from '../../functions/core/ledger/ledger';
import { guardHolds } from '../../functions/core/ledger/guards';

/**
 * The ledger's commit in memory, for tests: the same guards and once-only conditions the DynamoDB transaction
 * checks (`functions/adapters/dynamodb/ledger-store.ts`), all or nothing. Nothing in production uses it.
 */

/** The state an account's ledger is kept in by the in-memory store. */
export interface AccountLedgerState {
  buckets: Map<string, BucketState>;
  entries: LedgerEntry[];
  settlements: Map<string, TicketSettlement>;
  settleRecords: Map<string, SettleRecord>;
  orders: Map<string, PackageOrder>;
}

export const emptyAccountLedger = (): AccountLedgerState => ({ buckets: new Map(), entries: [], settlements: new Map(), settleRecords: new Map(), orders: new Map() });

export const settleRecordKey = (ticketId: string, revision: number) => `${ticketId}#${revision}`;

/**
 * Applies a transaction to an account's state if every guard and once-only condition holds, as the
 * DynamoDB transaction does: all or nothing. Returns the outcome; the state is changed only on commit.
 */
export function applyTransaction(state: AccountLedgerState, tx: LedgerTransaction): CommitOutcome {
  if (tx.settleRecord && state.settleRecords.has(settleRecordKey(tx.settleRecord.ticketId, tx.settleRecord.revision))) return 'duplicate';
  if (tx.order && state.orders.has(tx.order.orderId)) return 'duplicate';
  if (tx.settlement) {
    const current = state.settlements.get(tx.settlement.next.ticketId);
    if ((current?.version ?? 0) !== tx.settlement.expectedVersion) return 'conflict';
  }
  for (const w of tx.buckets) {
    if (w.op === 'create') {
      if (state.buckets.has(bucketKey(w.state))) return 'conflict';
    } else if (w.guard && !guardHolds(w.guard, state.buckets.get(bucketKey(w.ref)))) {
      return 'conflict';
    }
  }
  if (tx.entries.some((e) => state.entries.some((x) => x.id === e.id))) return 'conflict';
  for (const w of tx.buckets) {
    if (w.op === 'check') continue;
    if (w.op === 'create') {
      state.buckets.set(bucketKey(w.state), { ...w.state });
      continue;
    }
    const key = bucketKey(w.ref);
    const current = state.buckets.get(key) ?? { customerId: tx.customerId, ...w.ref, balanceMinutes: 0, grantedMinutes: 0, amountCents: 0 };
    const next: BucketState = {
      ...current,
      balanceMinutes: current.balanceMinutes + w.deltaMinutes,
      grantedMinutes: current.grantedMinutes + w.grantedDeltaMinutes,
      ...(w.ref.bucket === 'consuntivo' ? { amountCents: (current.amountCents ?? 0) + w.amountCentsDelta } : {}),
      ...(w.packageCountDelta ? { packageCount: (current.packageCount ?? 0) + w.packageCountDelta } : {}),
      ...(w.expiry ? { expiryPending: w.expiry.pending } : {}),
    };
    state.buckets.set(key, next);
  }
  state.entries.push(...tx.entries.map((e) => ({ ...e })));
  if (tx.settlement) state.settlements.set(tx.settlement.next.ticketId, structuredClone(tx.settlement.next));
  if (tx.settleRecord) state.settleRecords.set(settleRecordKey(tx.settleRecord.ticketId, tx.settleRecord.revision), structuredClone(tx.settleRecord));
  if (tx.order) state.orders.set(tx.order.orderId, { ...tx.order });
  return 'committed';
}
