import { request } from './client';
import type { Bucket, Page } from './types';

/**
 * The hours pages' calls: the ledger (GET /ledger), the forecast (GET /forecast), and what GET /me adds for
 * the incident banner. Minimal wire types, as API.md and the routes' answers state them.
 */
export interface LedgerEntry {
  id: string;
  at: string;
  bucket: Bucket;
  packageId?: string;
  /** The Rome month of a consuntivo bucket, `2026-11`. */
  period?: string;
  reason: 'grant' | 'purchase' | 'consume' | 'give_back' | 'expire';
  /** Signed whole minutes: positive credits the bucket, negative draws on it. */
  minutes: number;
  ticketId?: string;
  ticketNumber?: string;
  priceCents?: number;
  hourlyRateCents?: number;
  /** Consuntivo entries: positive owed, negative credited. */
  amountCents?: number;
  note?: string;
}

export interface ExpiringUnused {
  packageId: string;
  minutes: number;
  expiresAt: string;
}

export type Forecast =
  | {
      status: 'ok';
      weeksOfHistory: number;
      prepaidMinutes: number;
      weeklyMinutes: { p10: number; p50: number; p90: number };
      runsOutBetween: { earliest: string | null; median: string | null; latest: string | null };
      horizon: string;
      expiringUnused: ExpiringUnused[];
    }
  | { status: 'insufficient_history'; weeksOfHistory: number; weeksNeeded: number }
  | { status: 'nothing_prepaid' }
  | { status: 'no_consumption'; weeksOfHistory: number; prepaidMinutes: number; expiringUnused: ExpiringUnused[] };

/** GET /me's `customer.openIncidents`: the network incidents covering the account now. */
export interface OpenIncident {
  id: string;
  title: string;
  startedAt: string;
}

export const getForecast = () => request<Forecast>('/forecast');

/** How many ledger pages (100 entries each) the hours page reads at most: a year of a busy account. */
export const MAX_LEDGER_PAGES = 20;

/** Every ledger entry with `from ≤ at < to`, newest first, page after page; `complete` is false past the cap. */
export async function ledgerBetween(from: string, to: string): Promise<{ items: LedgerEntry[]; complete: boolean }> {
  const items: LedgerEntry[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_LEDGER_PAGES; n++) {
    const q = new URLSearchParams({ from, to, limit: '100' });
    if (cursor) q.set('cursor', cursor);
    const page = await request<Page<LedgerEntry>>(`/ledger?${q}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return { items, complete: true };
  }
  return { items, complete: false };
}
