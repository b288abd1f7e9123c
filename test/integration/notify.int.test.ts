/**
 * Proves that a customer notice is sent exactly once through the real SES emulator: a repeated step
 * sends nothing more, and a send that failed because SES was unreachable is retried and arrives once.
 * A send whose outcome is lost (marking it failed, or SES hung) is never sent a second time.
 */
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { EMAIL_LEASE_SECONDS, sendNoticeOnce } from '../../functions/core/notifications/send';
import { noticeId } from '../../functions/core/notifications/notices';
import type { EmailOutbox } from '../../functions/core/ports';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { Notice } from '../../functions/core/notifications/notices';
import { DynamoEmailOutbox } from '../../functions/adapters/dynamodb/email-outbox';
import { SesEmailSender } from '../../functions/adapters/ses';
import { freePort } from '../../infra/local/emulators';
import { ddb, mailbox, stackEnv, uniq } from './support';

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
    expect(mails[0]!.body.html).toContain('<li>a consuntivo (prossima fattura): 30 min (€ 30,00)</li>');
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

  it('marking a sent email fails: no retry sends it again, inside the lease or after it', async () => {
    const to = `${uniq('mark')}@alfa.example`;
    const n = notice(uniq('c_'));
    // The fault DynamoDB Local cannot produce on demand: every markSent of the first attempt fails.
    let failMarks = true;
    const flaky: EmailOutbox = {
      claim: (...a) => outbox.claim(...a),
      release: (...a) => outbox.release(...a),
      markUnconfirmed: (...a) => outbox.markUnconfirmed(...a),
      markSent: async (...a) => {
        if (failMarks) throw Object.assign(new Error('injected: the table refused the write'), { name: 'InternalServerError' });
        return outbox.markSent(...a);
      },
    };
    const t0 = Date.now();
    const at = (seconds: number) => ({ ...deps, outbox: flaky, now: () => new Date(t0 + seconds * 1000) });
    await expect(sendNoticeOnce(at(0), n, { email: to, locale: 'it' }, 'http://portal')).rejects.toMatchObject({ name: 'TransientError', message: expect.stringContaining('could not be marked sent') });
    expect(await mailbox(to)).toHaveLength(1);
    failMarks = false;
    // Step Functions' retries come within the lease: busy (NoticeBusy, which the Notify state retries past the lease), nothing sent.
    await expect(sendNoticeOnce(at(2), n, { email: to, locale: 'it' }, 'http://portal')).rejects.toMatchObject({ name: 'NoticeBusy', message: expect.stringContaining('being sent') });
    // A retry (or a supervisor's re-run) after the lease lapsed: the outcome is unknown, so never again.
    expect(await sendNoticeOnce(at(EMAIL_LEASE_SECONDS + 1), n, { email: to, locale: 'it' }, 'http://portal')).toBe('unconfirmed');
    expect(await sendNoticeOnce(at(EMAIL_LEASE_SECONDS * 5), n, { email: to, locale: 'it' }, 'http://portal')).toBe('unconfirmed');
    expect(await mailbox(to)).toHaveLength(1);
    const record = (await ddb.send(new GetCommand({ TableName: stackEnv.TABLE_NAME!, Key: keys.email(noticeId(n)) }))).Item;
    expect(record).toMatchObject({ status: 'unconfirmed', unconfirmedReason: expect.stringContaining('lease lapsed') });
  });

  it('SES hangs after taking the request: the email is unconfirmed at once and never sent again', async () => {
    // A server that accepts the request and never answers: what a hung SES call looks like from here.
    const sockets = new Set<Socket>();
    const hung = createServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((ok) => hung.listen(0, '127.0.0.1', ok));
    try {
      const port = (hung.address() as { port: number }).port;
      const slow = new SESv2Client({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1, requestHandler: { connectionTimeout: 2000, requestTimeout: 300, throwOnRequestTimeout: true } });
      const to = `${uniq('hang')}@alfa.example`;
      const n = notice(uniq('c_'));
      const seen: string[] = [];
      const hanging = { ...deps, sender: new SesEmailSender('assistenza@monteore.example', slow), unconfirmed: (id: string) => void seen.push(id) };
      expect(await sendNoticeOnce(hanging, n, { email: to, locale: 'it' }, 'http://portal')).toBe('unconfirmed');
      expect(seen).toEqual([noticeId(n)]);
      // The real SES is back: still not sent, because the first request may have gone through.
      expect(await sendNoticeOnce(deps, n, { email: to, locale: 'it' }, 'http://portal')).toBe('unconfirmed');
      expect(await mailbox(to)).toHaveLength(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => hung.close(r));
    }
  });
});
