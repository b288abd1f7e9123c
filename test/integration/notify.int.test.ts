/**
 * Proves that a customer notice is sent exactly once through the real SES emulator: a repeated step
 * sends nothing more, and a send that failed because SES was unreachable is retried and arrives once.
 */
import { describe, expect, it } from 'vitest';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sendNoticeOnce } from '../../functions/core/notify';
import type { Notice } from '../../functions/core/notifications';
import { DynamoEmailOutbox } from '../../functions/adapters/dynamodb/email-outbox';
import { SesEmailSender } from '../../functions/adapters/ses';
import { freePort } from '../../infra/local/emulators';
import { mailbox, stackEnv, uniq } from './support';

const outbox = new DynamoEmailOutbox(stackEnv.TABLE_NAME!);
const sender = new SesEmailSender('assistenza@monteore.example');
const deps = { outbox, sender, now: () => new Date() };

const notice = (customerId: string): Notice => ({
  kind: 'ticket_billable',
  customerId,
  ticketId: `t_${customerId}`,
  ticketNumber: 'T-2026-000042',
  subject: 'Cambio regole firewall',
  reason: 'billable_request',
  revision: 1,
  billableMinutes: 75,
  charges: [
    { bucket: 'free', minutes: 45 },
    { bucket: 'consuntivo', minutes: 30 },
  ],
  hourlyRateCents: 6000,
});

describe('sendNoticeOnce', () => {
  it('sends once however often the step runs, in the account language', async () => {
    const to = `${uniq('once')}@alfa.example`;
    const n = notice(uniq('c_'));
    expect(await sendNoticeOnce(deps, n, { email: to, locale: 'it' }, 'http://portal')).toBe('sent');
    expect(await sendNoticeOnce(deps, n, { email: to, locale: 'it' }, 'http://portal')).toBe('already_sent');
    await Promise.all([1, 2, 3].map(() => sendNoticeOnce(deps, n, { email: to, locale: 'it' }, 'http://portal').catch(() => 'busy')));
    const mails = await mailbox(to);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Ticket T-2026-000042 chiuso come intervento a pagamento');
    expect(mails[0]!.body.text).toContain('monte ore gratuito: 45 min');
    expect(mails[0]!.body.text).toContain('a consuntivo (prossima fattura): 30 min (€ 30,00)');
    expect(mails[0]!.body.html).toContain('<p>');
  });

  it('SES unreachable: the attempt fails as transient, the retry delivers it once', async () => {
    const to = `${uniq('down')}@beta.example`;
    const n = notice(uniq('c_'));
    const deadSes = new SESv2Client({ endpoint: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 });
    const down = { ...deps, sender: new SesEmailSender('assistenza@monteore.example', deadSes) };
    await expect(sendNoticeOnce(down, n, { email: to, locale: 'en' }, 'http://portal')).rejects.toMatchObject({ name: 'TransientError' });
    expect(await mailbox(to)).toHaveLength(0);
    expect(await sendNoticeOnce(deps, n, { email: to, locale: 'en' }, 'http://portal')).toBe('sent');
    expect(await sendNoticeOnce(deps, n, { email: to, locale: 'en' }, 'http://portal')).toBe('already_sent');
    const mails = await mailbox(to);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Ticket T-2026-000042 closed as billable work');
  });
});
