import { portalPaths } from '#contracts/portal';
import type { BucketKind } from '#contracts/vocabulary';
import type { Charge } from '../ledger/ledger';
import type { Locale } from '../accounts/accounts';
import { amountCents } from '../billing/billing';

/**
 * The customer emails of docs/product.md ("Telling the customer"), in the account's language, as plain text
 * and HTML. Pure: the notify step renders them and hands them to the outbox, which sends each once.
 *
 * Every notice has a deterministic id built from what it is about, so a retried or re-run step finds
 * the record of the first attempt instead of sending again:
 * - free hours used up: `free-exhausted:<customerId>:<free minutes granted so far>` (a top-up re-arms it);
 * - a balance low: `balance-low:<customerId>:<bucket or package id>:<minutes granted to it so far>`;
 * - a package used up: `package-exhausted:<packageId>`;
 * - a ticket closed as billable: `ticket-billable:<ticketId>:<settlement revision>`.
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
  }
}

export interface Email {
  subject: string;
  text: string;
  html: string;
}

/** `90` → `1 h 30 min` / `1 h 30 min`; whole minutes only. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Integer cents to a euro amount, Italian `€ 1.234,50` or English `€1,234.50`. */
export function formatCents(cents: number, locale: Locale): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'it' ? '.' : ',');
  const rest = String(abs % 100).padStart(2, '0');
  return locale === 'it' ? `${sign}€ ${euros},${rest}` : `${sign}€${euros}.${rest}`;
}


const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const REASONS: Record<string, { it: string; en: string }> = {
  provider_fault: { it: 'guasto imputabile a noi', en: 'a fault on our side' },
  incident: { it: 'disservizio di rete in corso', en: 'an ongoing network incident' },
  customer_cause: { it: 'causa cliente', en: "cause on the customer's side" },
  third_party_cause: { it: 'causa di terze parti non a nostro carico', en: 'a third party not under our care' },
  service_information: { it: 'informazioni sul servizio', en: 'information about the service' },
  billable_request: { it: 'richiesta a valore aggiunto', en: 'value-added request' },
  contest_accepted: { it: 'contestazione accolta', en: 'contest accepted' },
};

const BUCKETS: Record<BucketKind, { it: string; en: string }> = {
  free: { it: 'monte ore gratuito', en: 'free hours' },
  package: { it: 'pacchetto prepagato', en: 'prepaid package' },
  consuntivo: { it: 'a consuntivo (prossima fattura)', en: 'billed on the next invoice' },
};

/**
 * The balance at a glance, as the portal's home shows it (`core/ledger.ts` `Balance` has these fields):
 * what is left of the free bank and of the packages, and this month's consuntivo.
 */
export interface BalanceGlance {
  freeMinutesRemaining: number;
  freeMinutesGranted: number;
  packageMinutesRemaining: number;
  consuntivoMinutesThisPeriod: number;
  consuntivoAmountCentsThisPeriod: number;
}

/** A paragraph, or a lead-in with a list under it. */
type Block = string | { intro: string; items: string[] };

/** The portal's colours (`portal/styles.css`, light scheme), so a mail reads like the site it links to. */
const C = { bg: '#f5f7fa', surface: '#ffffff', text: '#1a1f29', muted: '#4f5b6d', line: '#d9dee6', accent: '#0a57a8', accentText: '#ffffff', warn: '#8a5300', warnSoft: '#fff1d6' } as const;
const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif';

function glanceRows(b: BalanceGlance, locale: Locale): [string, string][] {
  const it = locale === 'it';
  return [
    [it ? 'Monte ore gratuito' : 'Free hours', b.freeMinutesRemaining > 0 ? (it ? `${formatMinutes(b.freeMinutesRemaining)} rimaste su ${formatMinutes(b.freeMinutesGranted)}` : `${formatMinutes(b.freeMinutesRemaining)} left of ${formatMinutes(b.freeMinutesGranted)}`) : it ? 'esaurito' : 'used up'],
    [it ? 'Pacchetti' : 'Packages', b.packageMinutesRemaining > 0 ? (it ? `${formatMinutes(b.packageMinutesRemaining)} rimaste` : `${formatMinutes(b.packageMinutesRemaining)} left`) : it ? 'nessuna ora' : 'no hours'],
    [
      it ? 'Consuntivo di questo mese' : 'Billed this month',
      b.consuntivoMinutesThisPeriod > 0
        ? `${formatMinutes(b.consuntivoMinutesThisPeriod)}, ${formatCents(b.consuntivoAmountCentsThisPeriod, locale)} ${it ? '+ IVA' : '+ VAT'}`
        : it
          ? 'nessuna attività'
          : 'nothing',
    ],
  ];
}

/**
 * Blocks → a plain-text part and an HTML part with the same content. The HTML is what mail clients render
 * reliably: a 600-px table layout, inline styles only, no images, no scripts, a link styled as a button
 * (a real `<a>` that works without CSS); every value from the request is escaped.
 */
function compose(subject: string, blocks: Block[], link: { label: string; url: string }, locale: Locale, glance?: { balance: BalanceGlance; url: string }): Email {
  const it = locale === 'it';
  const signature = it ? 'Il servizio assistenza' : 'The support team';
  const glanceTitle = it ? 'Le tue ore oggi' : 'Your hours today';
  const glanceLink = it ? 'Vedi ore e movimenti' : 'See hours and movements';
  const rows = glance ? glanceRows(glance.balance, locale) : [];
  const text = [
    ...blocks.map((b) => (typeof b === 'string' ? b : [b.intro, ...b.items.map((i) => `• ${i}`)].join('\n'))),
    `${link.label}: ${link.url}`,
    ...(glance ? [[`${glanceTitle}:`, ...rows.map(([k, v]) => `• ${k}: ${v}`), `${glanceLink}: ${glance.url}`].join('\n')] : []),
    signature,
  ].join('\n\n');
  const p = (html: string) => `<p style="margin:0 0 16px">${html}</p>`;
  const body = blocks
    .map((b) =>
      typeof b === 'string'
        ? p(escapeHtml(b))
        : `${p(escapeHtml(b.intro))}<ul style="margin:0 0 16px;padding-left:20px">${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('');
  const button = `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin:8px 0 24px"><tr><td style="background:${C.accent};border-radius:6px"><a href="${escapeHtml(link.url)}" style="display:inline-block;padding:12px 24px;color:${C.accentText};font-weight:600;text-decoration:none;${FONT}">${escapeHtml(link.label)}</a></td></tr></table>`;
  const glanceHtml = glance
    ? `<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="border:1px solid ${C.line};border-radius:6px;margin:0 0 24px"><tr><td style="padding:16px 20px">` +
      `<h2 style="margin:0 0 8px;font-size:17px;color:${C.text}">${glanceTitle}</h2>` +
      `<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0">${rows
        .map(([k, v]) => `<tr><td style="padding:6px 0;border-top:1px solid ${C.line};color:${C.muted}">${escapeHtml(k)}</td><td style="padding:6px 0;border-top:1px solid ${C.line};text-align:right;font-weight:600;color:${C.text}">${escapeHtml(v)}</td></tr>`)
        .join('')}</table>` +
      `<p style="margin:12px 0 0"><a href="${escapeHtml(glance.url)}" style="color:${C.accent}">${glanceLink}</a></p></td></tr></table>`
    : '';
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:${C.bg};${FONT};color:${C.text};font-size:16px;line-height:1.5">` +
    `<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="background:${C.bg}"><tr><td align="center" style="padding:24px 12px">` +
    `<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:600px;background:${C.surface};border:1px solid ${C.line};border-radius:6px">` +
    `<tr><td style="padding:16px 24px;border-bottom:1px solid ${C.line};font-weight:700;font-size:18px">${it ? 'Area clienti' : 'Customer area'}</td></tr>` +
    `<tr><td style="padding:24px">` +
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(subject)}</h1>` +
    body +
    button +
    glanceHtml +
    `<p style="margin:0;color:${C.muted}">${signature}</p>` +
    `</td></tr></table></td></tr></table></body></html>`;
  return { subject, text, html };
}

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
  }
}
