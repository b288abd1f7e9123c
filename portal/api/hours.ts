import type { LedgerEntry } from '#contracts/responses';
import { api } from './client';

/**
 * The hours pages' calls, through the typed client of `contracts/`: the ledger (GET /ledger) and the
 * forecast (GET /forecast); the incident banner reads GET /me's `customer.openIncidents`.
 */
export type { Forecast, LedgerEntry, OpenIncident } from '#contracts/responses';

export const getForecast = () => api.getForecast();

/** How many ledger pages (100 entries each) the hours page reads at most: a year of a busy account. */
export const MAX_LEDGER_PAGES = 20;

/** Every ledger entry with `from ≤ at < to`, newest first, page after page; `complete` is false past the cap. */
export async function ledgerBetween(from: string, to: string): Promise<{ items: LedgerEntry[]; complete: boolean }> {
  const items: LedgerEntry[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_LEDGER_PAGES; n++) {
    const page = await api.listLedger({ query: { from, to, limit: 100, ...(cursor ? { cursor } : {}) } });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return { items, complete: true };
  }
  return { items, complete: false };
}
