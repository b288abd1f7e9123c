import type { CustomerBalance } from '#contracts/responses';
import type { CustomerBalanceSort } from '#contracts/requests';
import { invalid } from '../errors';
import { balanceOf } from './balance';
import { type BucketState } from './ledger';
import { monthKey, romeMonthOf } from '../periods';

/**
 * Finance's list of every account with its rate and balances (`GET /finance/customers`).
 *
 * A sort by a balance is a sort over every account, and balances live on each account's buckets, so the
 * list reads every account (one index partition, by name) and the buckets a balance needs, then sorts
 * and cuts a page in memory. The buckets come in two steps (`CustomerBalanceReader.balanceBuckets`): the
 * two every account has under a known key, the free bank and this month's consuntivo, by BatchGetItem
 * (100 keys a call); then, only for the accounts whose free bucket counts packages ever bought, a Query
 * of their package buckets (whose keys carry ids nobody else knows). `bench/finance.ts` measures it
 * against one Query per account: at 5,000 accounts, a quarter with packages, it is the faster by far.
 *
 * The bound: `MAX_BALANCE_ACCOUNTS` accounts, at most `BALANCE_READS_IN_FLIGHT` requests in flight. An ISP
 * of a few thousand business customers is well inside it; one that outgrows it needs the balances kept on
 * an index of their own instead.
 */
export const MAX_BALANCE_ACCOUNTS = 10_000;
export const BALANCE_READS_IN_FLIGHT = 32;

/** An account as the name index lists it. */
export interface ListedCustomer {
  id: string;
  name: string;
  hourlyRateCents: number;
}

/** What the list reads: the accounts by name and the buckets their balances need. */
export interface CustomerBalanceReader {
  /** Every account, by name; at most `max` (more means the deployment outgrew this list). */
  customersByName(max: number): Promise<ListedCustomer[]>;
  /** Per account: its free bucket, its consuntivo bucket of `period` (`YYYY-MM`, if any) and its package buckets. */
  balanceBuckets(customerIds: readonly string[], period: string): Promise<Map<string, BucketState[]>>;
}

export interface CustomerBalancesQuery {
  sort: CustomerBalanceSort;
  order: 'asc' | 'desc';
  /** Keeps the accounts whose name contains it, case-insensitive. */
  q?: string;
  limit: number;
  /** The position after which the page starts (an opened cursor). */
  cursor?: string;
}

/** Runs `fn` over `items` with at most `inFlight` calls running at once, keeping the order. */
export async function mapBounded<T, R>(items: readonly T[], inFlight: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
  return out;
}

const SORT_VALUE: Record<CustomerBalanceSort, (b: CustomerBalance) => number | string> = {
  name: (b) => b.name.toLocaleLowerCase('it'),
  free: (b) => b.freeMinutesRemaining,
  package: (b) => b.packageMinutesRemaining,
  consuntivo: (b) => b.consuntivoAmountCentsThisPeriod,
};

/** A row's place in the order: the sorted value, then the name, then the id (so the order is total). */
type Position = [number | string, string, string];

function positionOf(b: CustomerBalance, sort: CustomerBalanceSort): Position {
  return [SORT_VALUE[sort](b), b.name.toLocaleLowerCase('it'), b.id];
}

function compare(x: Position, y: Position, order: 'asc' | 'desc'): number {
  const sign = order === 'asc' ? 1 : -1;
  for (let i = 0; i < 3; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a === b) continue;
    const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1;
    // The sorted value follows the order asked; the tie-breakers (name, id) always ascend.
    return i === 0 ? sign * c : c;
  }
  return 0;
}

function parsePosition(cursor: string, sort: CustomerBalanceSort): Position {
  const bad = () => invalid('the cursor is not a position of this list', [{ path: 'query.cursor', message: 'is not a cursor of this list' }]);
  let p: unknown;
  try {
    p = JSON.parse(cursor);
  } catch {
    throw bad();
  }
  const valueType = sort === 'name' ? 'string' : 'number';
  if (!Array.isArray(p) || p.length !== 3 || typeof p[0] !== valueType || typeof p[1] !== 'string' || typeof p[2] !== 'string') throw bad();
  return p as Position;
}

/**
 * Sorts the balances and cuts the page after the cursor's position. The position is a place in the
 * order, not an index, so an account added meanwhile never shifts a page onto rows already shown.
 */
export function pageOfBalances(rows: readonly CustomerBalance[], query: CustomerBalancesQuery): { items: CustomerBalance[]; nextCursor?: string } {
  const needle = query.q?.toLocaleLowerCase('it');
  const kept = needle ? rows.filter((r) => r.name.toLocaleLowerCase('it').includes(needle)) : [...rows];
  const sorted = kept.map((r) => ({ r, p: positionOf(r, query.sort) })).sort((x, y) => compare(x.p, y.p, query.order));
  const after = query.cursor === undefined ? undefined : parsePosition(query.cursor, query.sort);
  const start = after ? sorted.findIndex((x) => compare(x.p, after, query.order) > 0) : 0;
  const from = start < 0 ? sorted.length : start;
  const page = sorted.slice(from, from + query.limit);
  const more = from + query.limit < sorted.length;
  return { items: page.map((x) => x.r), ...(more ? { nextCursor: JSON.stringify(page.at(-1)!.p) } : {}) };
}

/** Every account with its balances now, sorted and paged. */
export async function listCustomerBalances(deps: { balances: CustomerBalanceReader; now: () => Date }, query: CustomerBalancesQuery): Promise<{ items: CustomerBalance[]; nextCursor?: string }> {
  const customers = await deps.balances.customersByName(MAX_BALANCE_ACCOUNTS);
  const now = deps.now();
  const buckets = await deps.balances.balanceBuckets(
    customers.map((c) => c.id),
    monthKey(romeMonthOf(now)),
  );
  const rows = customers.map((c): CustomerBalance => {
    const b = balanceOf(buckets.get(c.id) ?? [], c.hourlyRateCents, now);
    return {
      id: c.id,
      name: c.name,
      hourlyRateCents: c.hourlyRateCents,
      freeMinutesRemaining: b.freeMinutesRemaining,
      freeMinutesGranted: b.freeMinutesGranted,
      packageMinutesRemaining: b.packageMinutesRemaining,
      consuntivoMinutesThisPeriod: b.consuntivoMinutesThisPeriod,
      consuntivoAmountCentsThisPeriod: b.consuntivoAmountCentsThisPeriod,
    };
  });
  return pageOfBalances(rows, query);
}
