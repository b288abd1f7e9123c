import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { EmailNotSentError } from '#core/notifications/send';
import type { Email } from '#core/notifications/email-layout';
import type { EmailSender } from '#core/ports';
import { clientConfig } from './aws-config';

let shared: SESv2Client | undefined;

/** SES v2 SendEmail; the endpoint comes from `AWS_ENDPOINT_URL_SESV2` locally (aws-ses-v2-local). */
export class SesEmailSender implements EmailSender {
  /** `client` defaults to one shared SESv2 client built from the environment. */
  constructor(
    private readonly from: string,
    private readonly client: SESv2Client = (shared ??= new SESv2Client(clientConfig({ maxAttempts: 1 }))),
  ) {}

  async send(to: string, email: Email): Promise<string> {
    try {
      const out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [to] },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      return out.MessageId ?? '';
    } catch (err) {
      throw certainlyNotSent(err) ? new EmailNotSentError(`${(err as Error).name}: ${(err as Error).message}`) : err;
    }
  }
}

/** Codes of a connection that never opened: the request cannot have reached SES. */
const NO_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether SES certainly did not take the message: it answered with a refusal (4xx: rejected, throttled,
 * paused), or no connection was made. A 5xx, a timeout after connecting or a reset connection may follow
 * an accepted message, so they are not.
 */
export function certainlyNotSent(err: unknown): boolean {
  const e = err as { $metadata?: { httpStatusCode?: number }; code?: string; name?: string; message?: string };
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500) return true;
  if (NO_CONNECTION.has(e.code ?? '')) return true;
  return e.name === 'TimeoutError' && /did not establish a connection/.test(e.message ?? '');
}
