import type { Email } from '../notifications/email-layout';

/** Email: the sender and the outbox that sends each customer email at most once. Re-exported by `../ports.ts`. */

export interface EmailSender {
  /**
   * Sends one email; returns the provider's message id. Throws `EmailNotSentError` (`core/notifications/send.ts`)
   * when the message certainly did not leave (refused, no connection); any other error means its fate is
   * unknown. It never retries a request whose outcome it cannot know (that could send twice).
   */
  send(to: string, email: Email): Promise<string>;
}

/**
 * The record of each customer email, so each is sent at most once (see `core/notifications/send.ts`). Its states:
 * `sending` (claimed, a lease that outlives the attempt), `released` (that attempt certainly sent nothing),
 * `sent` (final), `unconfirmed` (an attempt's outcome is unknown: final, never resent by the system).
 */
export interface EmailOutbox {
  /**
   * Claims a notice to send it: `claimed` (new or `released`), `sent`, `busy` (another attempt's lease
   * is live), `unconfirmed` (already, or now: a `sending` record whose lease lapsed is turned into it).
   */
  claim(noticeId: string, record: { to: string; subject: string; customerId: string }, now: Date): Promise<'claimed' | 'sent' | 'busy' | 'unconfirmed'>;
  markSent(noticeId: string, messageId: string, now: Date): Promise<void>;
  /** The send certainly failed: the next attempt may send (need not wait for the lease to lapse). */
  release(noticeId: string): Promise<void>;
  /** The send's outcome is unknown: never send this notice again; a person checks (`reason` says why). */
  markUnconfirmed(noticeId: string, reason: string, now: Date): Promise<void>;
}
