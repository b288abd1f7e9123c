import { portalPaths } from '#contracts/portal';
import type { BucketKind } from '#contracts/vocabulary';
import type { Charge } from '../ledger/ledger';
import type { Locale } from '../accounts/accounts';
import { amountCents } from '../billing/billing';
import { type Email, type BalanceGlance, formatMinutes, formatCents, compose } from './email-layout';

/**
 * The customer emails of docs/product.md ("Telling the customer"), in the account's language, as plain text
 * and HTML. Pure: the notify step renders them and hands them to the outbox, which sends each once.
 *
 * Every notice has a deterministic id built from what it is about, so a retried or re-run step finds
 * the record of the first attempt instead of sending again:
 * - free hours used up: `free-exhausted:<customerId>:<free minutes granted so far>` (a top-up re-arms it);
 * - a balance low: `balance-low:<customerId>:<bucket or package id>:<minutes granted to it so far>`;
 * - a package used up: `package-exhausted:<packageId>`;
 * - a ticket closed as billable: `ticket-billable:<ticketId>:<settlement revision>`;
 * - a ticket reclassified by a supervisor: `ticket-reclassified:<ticketId>:<settlement revision>`.
 */
export type Notice =
  | { kind: 'free_exhausted'; customerId: string; freeMinutesGranted: number; hourlyRateCents: number }
  | { kind: 'balance_low'; customerId: string; bucket: 'free' | 'package'; packageId?: string; grantedMinutes: number; minutesRemaining: number }
  | { kind: 'package_exhausted'; customerId: string; packageId: string; minutes: number }
  | {
      kind: 'ticket_billable';
      customerId: string;
      ticketId: string;
      ticketNumber: string;
      subject: string;
      reason: string;
      revision: number;
      billableMinutes: number;
      charges: Charge[];
      hourlyRateCents: number;
    }
  | {
      kind: 'ticket_reclassified';
      customerId: string;
      ticketId: string;
      ticketNumber: string;
      subject: string;
      classification: 'included' | 'billable';
      /** The supervisor's reason, as written. */
      reason: string;
      revision: number;
      billableMinutes: number;
      previousMinutes: number;
      charges: Charge[];
      hourlyRateCents: number;
    };

export function noticeId(notice: Notice): string {
  switch (notice.kind) {
    case 'free_exhausted':
      return `free-exhausted:${notice.customerId}:${notice.freeMinutesGranted}`;
    case 'balance_low':
      return `balance-low:${notice.customerId}:${notice.packageId ?? notice.bucket}:${notice.grantedMinutes}`;
    case 'package_exhausted':
      return `package-exhausted:${notice.packageId}`;
    case 'ticket_billable':
      return `ticket-billable:${notice.ticketId}:${notice.revision}`;
    case 'ticket_reclassified':
      return `ticket-reclassified:${notice.ticketId}:${notice.revision}`;
  }
}

const REASONS: Record<string, { it: string; en: string }> = {
  provider_fault: { it: 'guasto imputabile a noi', en: 'a fault on our side' },
  incident: { it: 'disservizio di rete in corso', en: 'an ongoing network incident' },
  customer_cause: { it: 'causa cliente', en: "cause on the customer's side" },
  third_party_cause: { it: 'causa di terze parti non a nostro carico', en: 'a third party not under our care' },
  service_information: { it: 'informazioni sul servizio', en: 'information about the service' },
  billable_request: { it: 'richiesta a valore aggiunto', en: 'value-added request' },
  contest_accepted: { it: 'contestazione accolta', en: 'contest accepted' },
  reclassified: { it: 'riclassificato da un supervisore', en: 'reclassified by a supervisor' },
};

const BUCKETS: Record<BucketKind, { it: string; en: string }> = {
  free: { it: 'monte ore gratuito', en: 'free hours' },
  package: { it: 'pacchetto prepagato', en: 'prepaid package' },
  consuntivo: { it: 'a consuntivo (prossima fattura)', en: 'billed on the next invoice' },
};

/**
 * The email of a notice in the account's language. `balance` (read when the email is sent) adds the balance
 * at a glance with a link to the hours page; links open the portal's page for the matter: the ticket
 * (`/#/tickets/<number>`), the hours (`/#/hours`) or the packages (`/#/packages`).
 */
export function renderNotice(notice: Notice, locale: Locale, portalUrl: string, balance?: BalanceGlance): Email {
  const it = locale === 'it';
  const glance = balance ? { balance, url: `${portalUrl}${portalPaths.hours()}` } : undefined;
  switch (notice.kind) {
    case 'free_exhausted': {
      const rate = formatCents(notice.hourlyRateCents, locale);
      return compose(
        it ? 'Il tuo monte ore gratuito è esaurito' : 'Your free support hours are used up',
        it
          ? [
              `Le ${formatMinutes(notice.freeMinutesGranted)} di supporto avanzato gratuito del tuo account sono state utilizzate.`,
              `Da ora gli interventi a pagamento saranno fatturati a consuntivo alla tariffa di ${rate} l'ora (IVA esclusa), con addebito nella prossima fattura.`,
              "In alternativa puoi acquistare dalla tua area riservata un pacchetto di ore prepagate, a un costo orario agevolato commisurato ai consumi medi del tuo account.",
            ]
          : [
              `The ${formatMinutes(notice.freeMinutesGranted)} of free advanced support on your account have been used.`,
              `From now on, billable work is charged on your next invoice at ${rate} per hour (VAT excluded).`,
              'Alternatively, you can buy a prepaid package of hours in your reserved area, at a reduced hourly price that fits your account’s average use.',
            ],
        { label: it ? 'Acquista un pacchetto' : 'Buy a package', url: `${portalUrl}${portalPaths.packages()}` },
        locale,
        glance,
      );
    }
    case 'balance_low': {
      const what = notice.bucket === 'free' ? (it ? 'Il tuo monte ore gratuito' : 'Your free hours') : it ? 'Il tuo pacchetto di ore' : 'Your package of hours';
      return compose(
        it ? 'Ore di assistenza in esaurimento' : 'Your support hours are running low',
        [
          it
            ? `${what} sta per esaurirsi: restano ${formatMinutes(notice.minutesRemaining)} su ${formatMinutes(notice.grantedMinutes)}.`
            : `${what} are running low: ${formatMinutes(notice.minutesRemaining)} left of ${formatMinutes(notice.grantedMinutes)}.`,
          it ? 'Puoi seguire il residuo e acquistare un pacchetto dalla tua area riservata.' : 'You can follow what is left and buy a package in your reserved area.',
        ],
        { label: it ? 'Vedi le tue ore' : 'See your hours', url: `${portalUrl}${portalPaths.hours()}` },
        locale,
        glance,
      );
    }
    case 'package_exhausted':
      return compose(
        it ? 'Pacchetto di ore esaurito' : 'Package of hours used up',
        [
          it
            ? `Il pacchetto da ${formatMinutes(notice.minutes)} è stato interamente utilizzato.`
            : `Your package of ${formatMinutes(notice.minutes)} has been used up.`,
          it
            ? 'Gli interventi a pagamento successivi saranno scalati da altri pacchetti, se presenti, o fatturati a consuntivo.'
            : 'Further billable work is drawn from your other packages, if any, or billed on your next invoice.',
        ],
        { label: it ? 'Acquista un pacchetto' : 'Buy a package', url: `${portalUrl}${portalPaths.packages()}` },
        locale,
        glance,
      );
    case 'ticket_billable': {
      const reason = REASONS[notice.reason]?.[locale] ?? notice.reason;
      const lines = notice.charges.map((c) => {
        const label = BUCKETS[c.bucket][locale];
        const money = c.bucket === 'consuntivo' ? ` (${formatCents(amountCents(c.minutes, notice.hourlyRateCents), locale)})` : '';
        return `${label}: ${formatMinutes(c.minutes)}${money}`;
      });
      return compose(
        it ? `Ticket ${notice.ticketNumber} chiuso come intervento a pagamento` : `Ticket ${notice.ticketNumber} closed as billable work`,
        [
          it ? `Il ticket ${notice.ticketNumber} «${notice.subject}» è stato chiuso.` : `Ticket ${notice.ticketNumber} “${notice.subject}” has been closed.`,
          it
            ? `Classificazione: a pagamento, motivo: ${reason}. Tempo fatturabile: ${formatMinutes(notice.billableMinutes)}.`
            : `Classification: billable, reason: ${reason}. Billable time: ${formatMinutes(notice.billableMinutes)}.`,
          { intro: it ? 'Il tempo è stato scalato così:' : 'The time was drawn from:', items: lines },
          it
            ? 'Se ritieni che la classificazione non sia corretta puoi contestarla una volta dalla tua area riservata.'
            : 'If you think the classification is wrong, you can contest it once from your reserved area.',
        ],
        { label: it ? 'Vedi il ticket' : 'See the ticket', url: `${portalUrl}${portalPaths.ticket(notice.ticketNumber)}` },
        locale,
        glance,
      );
    }
    case 'ticket_reclassified': {
      const billable = notice.classification === 'billable';
      const lines = notice.charges.map((c) => {
        const label = BUCKETS[c.bucket][locale];
        const money = c.bucket === 'consuntivo' ? ` (${formatCents(amountCents(c.minutes, notice.hourlyRateCents), locale)})` : '';
        return `${label}: ${formatMinutes(c.minutes)}${money}`;
      });
      const given = notice.previousMinutes - notice.billableMinutes;
      return compose(
        it ? `Ticket ${notice.ticketNumber} riclassificato` : `Ticket ${notice.ticketNumber} reclassified`,
        [
          it
            ? `Il ticket ${notice.ticketNumber} «${notice.subject}» è stato riclassificato ${billable ? 'come intervento a pagamento' : 'come intervento incluso'}.`
            : `Ticket ${notice.ticketNumber} “${notice.subject}” has been reclassified as ${billable ? 'billable work' : 'included work'}.`,
          it ? `Motivo: ${notice.reason}` : `Reason: ${notice.reason}`,
          billable
            ? it
              ? `Tempo fatturabile: ${formatMinutes(notice.billableMinutes)}.`
              : `Billable time: ${formatMinutes(notice.billableMinutes)}.`
            : it
              ? `Nessun tempo è a tuo carico: ${formatMinutes(Math.max(given, 0))} tornano al monte ore da cui erano stati scalati.`
              : `None of its time is charged to you: ${formatMinutes(Math.max(given, 0))} go back to the hours they were drawn from.`,
          ...(billable && lines.length ? [{ intro: it ? 'Il tempo è scalato così:' : 'The time is drawn from:', items: lines }] : []),
        ],
        { label: it ? 'Vedi il ticket' : 'See the ticket', url: `${portalUrl}${portalPaths.ticket(notice.ticketNumber)}` },
        locale,
        glance,
      );
    }
  }
}
