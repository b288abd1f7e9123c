import type { CustomerRate } from '#contracts/responses';
import { backoffMs } from '../backoff';
import { conflict, notFound } from '../errors';

/**
 * An account's hourly rate, which lives twice: on the account (what the portal shows, what consent is
 * asked at) and on its free bucket (what a settle reads, in the one Query of the account's buckets).
 *
 *   after every committed change:  account.hourlyRateCents = freeBucket.hourlyRateCents
 *
 * A change writes both in one transaction, conditioned on both still holding what was read; a concurrent
 * change makes it fail whole, and it is planned again on what that change left (so two changes serialise:
 * the later commit wins, and the two copies never differ).
 *
 * From when it applies: consuntivo minutes settled after the commit take the new rate; minutes settled
 * before keep the rate they were charged at (each consuntivo slice carries its rate, so a give-back credits
 * exactly what was charged). A settle that read the buckets before the commit charges the old rate, as if
 * it had run just before. A ticket opened with consent to consuntivo at a rate is never charged more than
 * that rate (`SettleTicketInput.rateCapCents`): a customer agreed to a price, and a rise after it does not
 * reach the work they agreed to; a fall does.
 */
export interface RateCopies {
  /** The account's rate. */
  account: number;
  /** The free bucket's copy; absent on a ledger opened before the copy existed. */
  ledger?: number;
}

export interface HourlyRateStore {
  /** Both copies, or undefined when there is no such account. */
  rates(customerId: string): Promise<RateCopies | undefined>;
  /** Writes `to` on both copies iff both still hold `from`; false when either changed meanwhile. */
  setRate(customerId: string, from: RateCopies, to: number, at: Date): Promise<boolean>;
}

/**
 * Each attempt that loses a race is planned again after a full-jitter pause: with n changes at once, every
 * round commits at least one, and the pauses spread the rest out (five attempts back to back lost to six
 * concurrent changes on a loaded machine).
 */
const RETRY = { attempts: 20, baseMs: 5, capMs: 200 } as const;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function changeHourlyRate(deps: { rates: HourlyRateStore; now: () => Date }, customerId: string, hourlyRateCents: number): Promise<CustomerRate> {
  for (let attempt = 0; attempt < RETRY.attempts; attempt++) {
    if (attempt > 0) await sleep(backoffMs(attempt - 1, RETRY));
    const from = await deps.rates.rates(customerId);
    if (!from) throw notFound(`customer ${customerId}`);
    const at = deps.now();
    if (await deps.rates.setRate(customerId, from, hourlyRateCents, at)) {
      return { id: customerId, hourlyRateCents, previousHourlyRateCents: from.account, changedAt: at.toISOString() };
    }
  }
  throw conflict(`the rate of ${customerId} kept changing meanwhile; try again`);
}
