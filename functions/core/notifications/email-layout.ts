import type { Locale } from '../accounts/accounts';

/** How a notice's email is laid out: text and HTML, the portal's look, the balance at a glance. */
export interface Email {
  subject: string;
  text: string;
  html: string;
}

/**
 * The balance at a glance, as the portal's home shows it (`core/ledger/balance.ts` `Balance` has these fields):
 * what is left of the free bank and of the packages, and this month's consuntivo.
 */
export interface BalanceGlance {
  freeMinutesRemaining: number;
  freeMinutesGranted: number;
  packageMinutesRemaining: number;
  consuntivoMinutesThisPeriod: number;
  consuntivoAmountCentsThisPeriod: number;
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
export function compose(subject: string, blocks: Block[], link: { label: string; url: string }, locale: Locale, glance?: { balance: BalanceGlance; url: string }): Email {
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
