import type { BucketState, CommitOutcome, LedgerEntry, LedgerTransaction, SettleRecord, TicketSettlement } from '../ledger/ledger';
import type { CatalogueItem } from '../catalogue/packages';
import type { BillingSettings } from '../billing/settings';

/** The hours ledger: its store, the reconcile audit, the catalogue's edits and the installation's settings. Re-exported by `../ports.ts`. */

/** A page of ledger entries, newest first. */
export interface EntryPage {
  /** `ticketNumber`: added by `listLedger` for the entries of a ticket, when the ticket store is at hand. */
  items: (LedgerEntry & { ticketNumber?: string })[];
  nextCursor?: string;
}

/**
 * Where the hours ledger lives (`core/ledger/ledger.ts` says what it guarantees). Reads are strongly consistent;
 * `commit` is all or nothing.
 */
export interface LedgerStore {
  /** Every bucket of an account. */
  buckets(customerId: string): Promise<BucketState[]>;
  settlement(customerId: string, ticketId: string): Promise<TicketSettlement | undefined>;
  settleRecord(customerId: string, ticketId: string, revision: number): Promise<SettleRecord | undefined>;
  /**
   * Commits the transaction iff every guard holds and its once-only records (settle record, order,
   * idempotency key) are new: `duplicate` when one of those exists, `conflict` when a guard failed or a
   * concurrent transaction got in the way (read again, plan again). Nothing is written unless `committed`.
   */
  commit(tx: LedgerTransaction, now: Date): Promise<CommitOutcome>;
  /** An account's entries with `from ≤ at < to`, newest first. */
  entries(customerId: string, query: { from?: string; to?: string; limit: number; cursor?: string }): Promise<EntryPage>;
  /** The packages still listed for the expiry job whose `expiresAt ≤ at`. */
  packagesToExpire(at: Date): Promise<{ customerId: string; packageId: string }[]>;
  /** The first response of an `Idempotency-Key` in `scope`; 409 when the body differs (`core/idempotency.ts`). */
  replay(scope: string, key: string, hash: string, now: Date): Promise<{ status: number; body: unknown } | undefined>;
}

/** What reconcile recomputes: an account's buckets, entries and settlements. */
export interface LedgerSnapshot {
  customerId: string;
  buckets: BucketState[];
  entries: LedgerEntry[];
  settlements: TicketSettlement[];
}

/** Everything the ledger holds, read for reconcile (never on a request path). */
export interface LedgerAudit {
  /** One account. */
  account(customerId: string): Promise<LedgerSnapshot>;
  /** Every account that has ledger items. */
  accounts(): AsyncIterable<LedgerSnapshot>;
}

/** Finance's edits of the package catalogue (overlaying `DEFAULT_CATALOGUE`). */
export interface CatalogueStore {
  stored(): Promise<CatalogueItem[]>;
  put(item: CatalogueItem): Promise<void>;
}

/** The installation's overrides of `DEFAULT_SETTINGS`. */
export interface SettingsStore {
  overrides(): Promise<Partial<BillingSettings>>;
}
