import type { Locale } from './accounts';
import { TransientError } from './errors';
import { noticeId, renderNotice, type Notice } from './notifications';
import type { EmailOutbox, EmailSender } from './ports';

/**
 * Sends a notice at most once per notice id: claim the outbox record, send, mark it sent. A retried or
 * re-run step finds `sent` and does nothing. The one window left is a crash after SES accepted the mail
 * and before the record was marked: that retry sends a second copy (SES has no idempotency key), which
 * is the price of never losing one.
 */
export async function sendNoticeOnce(
  deps: { outbox: EmailOutbox; sender: EmailSender; now: () => Date },
  notice: Notice,
  to: { email: string; locale: Locale },
  portalUrl: string,
): Promise<'sent' | 'already_sent'> {
  const id = noticeId(notice);
  const email = renderNotice(notice, to.locale, portalUrl);
  const claim = await deps.outbox.claim(id, { to: to.email, subject: email.subject, customerId: notice.customerId }, deps.now());
  if (claim === 'sent') return 'already_sent';
  if (claim === 'busy') throw new TransientError(`notice ${id} is being sent by another attempt`);
  let messageId: string;
  try {
    messageId = await deps.sender.send(to.email, email);
  } catch (err) {
    await deps.outbox.release(id);
    throw new TransientError(`sending ${id} failed: ${(err as Error).message}`);
  }
  await deps.outbox.markSent(id, messageId, deps.now());
  return 'sent';
}
