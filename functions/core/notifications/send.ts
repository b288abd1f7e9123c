import type { Locale } from '../accounts/accounts';
import { TransientError } from '../errors';
import { noticeId, renderNotice, type Notice } from './notices';
import { type BalanceGlance } from './email-layout';
import type { EmailOutbox, EmailSender } from '../ports';

/**
 * How long a claim on a notice holds. It must outlive the attempt that took it — the Notify function's
 * timeout (30 s) and the local task timeout (60 s) — so a lapsed lease means that attempt is over
 * (`test/infra` checks the function's timeout against it).
 */
export const EMAIL_LEASE_SECONDS = 120;

/** Thrown by an `EmailSender` when the message certainly did not leave (refused by SES, no connection). */
export class EmailNotSentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailNotSentError';
  }
}

/**
 * Thrown when another attempt holds the notice's claim (a `sending` record whose lease has not lapsed). Not a
 * `TransientError`: the state machine retries it on a schedule of its own that outlasts the lease
 * (`RETRIES.noticeBusy` in `infra/constructs/ticket-workflow.ts`), because the holder may be an attempt that died
 * mid-send (a crash, a killed Lambda), and only once its lease lapses can the notice be settled as
 * `unconfirmed` and the ticket closed. The short transient schedule would flag the ticket first.
 */
export class NoticeBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeBusy';
  }
}

/** Attempts at marking a sent email before the step gives up (each with the SDK's own retries). */
const MARK_ATTEMPTS = 3;

/**
 * Sends a notice at most once per notice id, and exactly once unless SES's answer is lost: claim the
 * outbox record (`sending`), send, mark it `sent`. A retried or re-run step finds `sent` and does nothing.
 *
 * - SES certainly refused it (or was unreachable): the claim is released and the step fails as
 *   transient, so the retry sends it.
 * - SES's answer is unknown (a timeout after the request left, a reset connection): the record becomes
 *   `unconfirmed` and the notice is never sent again by the system; the step goes on, and the log line
 *   (`email unconfirmed`) and metric tell a person to check SES's sending records.
 * - SES accepted it but marking failed (tried `MARK_ATTEMPTS` times): the step fails as transient, the
 *   record stays `sending` until its lease lapses, and from then on reads as `unconfirmed`: a retry inside
 *   the lease is `busy`, one after it finds `unconfirmed`. Neither sends again.
 *
 * So nothing is sent twice; the residual window is an email whose fate is unknown, which is left to a
 * person instead of being guessed (SES has no idempotency key to ask with).
 */
export async function sendNoticeOnce(
  deps: { outbox: EmailOutbox; sender: EmailSender; now: () => Date; unconfirmed?: (noticeId: string, reason: string) => void | Promise<void> },
  notice: Notice,
  to: { email: string; locale: Locale; balance?: BalanceGlance },
  portalUrl: string,
): Promise<'sent' | 'already_sent' | 'unconfirmed'> {
  const id = noticeId(notice);
  const email = renderNotice(notice, to.locale, portalUrl, to.balance);
  const claim = await deps.outbox.claim(id, { to: to.email, subject: email.subject, customerId: notice.customerId }, deps.now());
  if (claim === 'sent') return 'already_sent';
  if (claim === 'unconfirmed') return 'unconfirmed';
  if (claim === 'busy') throw new NoticeBusyError(`notice ${id} is being sent by another attempt (its claim holds until its lease lapses)`);
  let messageId: string;
  try {
    messageId = await deps.sender.send(to.email, email);
  } catch (err) {
    if (err instanceof EmailNotSentError) {
      await deps.outbox.release(id);
      throw new TransientError(`sending ${id} failed: ${err.message}`);
    }
    const reason = `SES's answer is unknown: ${(err as Error).name}: ${(err as Error).message}`;
    await deps.outbox.markUnconfirmed(id, reason, deps.now());
    await deps.unconfirmed?.(id, reason);
    return 'unconfirmed';
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.outbox.markSent(id, messageId, deps.now());
      return 'sent';
    } catch (err) {
      if (attempt >= MARK_ATTEMPTS) throw new TransientError(`notice ${id} went out as ${messageId} but could not be marked sent: ${(err as Error).message}`);
    }
  }
}
