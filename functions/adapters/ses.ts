import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Email } from '#core/notifications';
import type { EmailSender } from '#core/ports';

let shared: SESv2Client | undefined;

/** SES v2 SendEmail; the endpoint comes from `AWS_ENDPOINT_URL_SESV2` locally (aws-ses-v2-local). */
export class SesEmailSender implements EmailSender {
  /** `client` defaults to one shared SESv2 client built from the environment. */
  constructor(
    private readonly from: string,
    private readonly client: SESv2Client = (shared ??= new SESv2Client({})),
  ) {}

  async send(to: string, email: Email): Promise<string> {
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
  }
}
