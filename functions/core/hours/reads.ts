import type { Customer } from '../accounts/accounts';
import { accountScope, type Caller } from '../accounts/caller';
import { invalid } from '../errors';
import { forecastHours, historyWindow, type Forecast } from './forecast';
import { forecastSeed } from './forecast-simulation';
import type { LedgerEntry } from '../ledger/ledger';
import { balanceOf, type Balance } from '../ledger/balance';
import { addMonths, romeMonthOf, romeMonthStart } from '../periods';
import type { EntryPage, LedgerStore, TicketStore } from '../ports';
import { type LedgerDeps, customerOrThrow } from './commit';

/** The hours reads: balance, ledger pages, forecast, and the average use behind a package recommendation. */
/**
 * The account an hours read is about: a customer's own (naming another is a 400), or for finance and
 * admin the one they name with `?customerId=`, which they must.
 */
export function hoursAccount(caller: Caller, requested: string | undefined): string {
  const customerId = accountScope(caller, requested);
  if (!customerId) throw invalid('customerId is required for staff', [{ path: 'query.customerId', message: 'is required' }]);
  return customerId;
}

/** The balance of an account now (docs/api.md `balance`). */
export async function readBalance(deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'>, customerId: string): Promise<Balance> {
  const [customer, buckets] = await Promise.all([customerOrThrow(deps, customerId), deps.ledger.buckets(customerId)]);
  return balanceOf(buckets, customer.hourlyRateCents, deps.now());
}

/** A page of an account's ledger, newest first; `from`/`to` bound `at` (from inclusive, to exclusive). */
export async function listLedger(
  deps: Pick<LedgerDeps, 'ledger' | 'accounts'> & { tickets?: Pick<TicketStore, 'numbers'> },
  customerId: string,
  query: { from?: string; to?: string; limit: number; cursor?: string },
): Promise<EntryPage> {
  if (query.from && query.to && query.from >= query.to) throw invalid('from must be before to', [{ path: 'query.from', message: 'must be before to' }]);
  await customerOrThrow(deps, customerId);
  const page = await deps.ledger.entries(customerId, query);
  if (!deps.tickets) return page;
  // Each movement names its ticket by number, so the portal links it as the customer knows it; a ticket of
  // another account never lends its number (entries only ever name their own account's tickets anyway).
  const numbers = await deps.tickets.numbers(page.items.flatMap((e) => (e.ticketId ? [e.ticketId] : [])));
  return {
    ...page,
    items: page.items.map((e) => {
      const found = e.ticketId ? numbers.get(e.ticketId) : undefined;
      return found && found.customerId === customerId ? { ...e, ticketNumber: found.number } : e;
    }),
  };
}

async function allEntries(ledger: LedgerStore, customerId: string, from: string, to: string): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.entries(customerId, { from, to, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * The account's average monthly billable minutes over its last three closed Europe/Rome months (the
 * months it existed in), rounded up, and how many months that is; undefined without history.
 */
export async function averageMonthlyBillableMinutes(deps: Pick<LedgerDeps, 'ledger' | 'now'>, customer: Customer): Promise<{ minutes: number; months: number } | undefined> {
  const current = romeMonthOf(deps.now());
  const from = romeMonthStart(addMonths(current, -3));
  const to = romeMonthStart(current);
  const months = [-3, -2, -1].filter((n) => romeMonthStart(addMonths(current, n + 1)).toISOString() > customer.createdAt).length;
  if (months === 0) return undefined;
  const entries = await allEntries(deps.ledger, customer.id, from.toISOString(), to.toISOString());
  const billable = entries.filter((e) => e.ticketId !== undefined).reduce((s, e) => s - e.minutes, 0);
  return billable > 0 ? { minutes: Math.ceil(billable / months), months } : undefined;
}

/**
 * `GET /forecast`: when the account's prepaid hours run out, from its billable use of the last weeks
 * (`core/hours/forecast.ts`). The seed is the account and the current ISO week, so the answer is stable for a
 * week given the same ledger.
 */
export async function readForecast(deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'>, customerId: string): Promise<Forecast> {
  const now = deps.now();
  const window = historyWindow(now);
  const [customer, buckets, entries] = await Promise.all([
    customerOrThrow(deps, customerId),
    deps.ledger.buckets(customerId),
    allEntries(deps.ledger, customerId, window.from.toISOString(), window.to.toISOString()),
  ]);
  const balance = balanceOf(buckets, customer.hourlyRateCents, now);
  return forecastHours({
    now,
    accountOpenedAt: customer.createdAt,
    entries,
    freeMinutes: balance.freeMinutesRemaining,
    packages: balance.packages,
    seed: forecastSeed(customerId, now),
  });
}
