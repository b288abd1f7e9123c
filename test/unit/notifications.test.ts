/**
 * Proves the customer emails: amounts and durations formatted per locale with integers, ids deterministic,
 * HTML escaped; each links to the portal page of its matter (`/#/tickets/<number>`, `/#/hours`,
 * `/#/packages`), and with a balance shows it at a glance in both parts, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { amountCents } from '../../functions/core/billing/billing';
import { noticeId, renderNotice, type Notice } from '../../functions/core/notifications/notices';
import { formatCents, formatMinutes } from '../../functions/core/notifications/email-layout';

describe('formatting', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [1500, '25 h'],
  ])('%i minutes → %s', (m, s) => expect(formatMinutes(m)).toBe(s));

  it.each([
    [6000, 'it', '€ 60,00'],
    [123456, 'it', '€ 1.234,56'],
    [123456, 'en', '€1,234.56'],
    [-2550, 'en', '-€25.50'],
    [5, 'it', '€ 0,05'],
  ] as const)('%i cents in %s → %s', (c, l, s) => expect(formatCents(c, l)).toBe(s));

  it('amounts are whole cents, rounded half up', () => {
    expect(amountCents(15, 6000)).toBe(1500);
    expect(amountCents(1, 5000)).toBe(83); // 83.33
    expect(amountCents(1, 4530)).toBe(76); // 75.5 → 76
  });
});

describe('notices', () => {
  const notices: Notice[] = [
    { kind: 'free_exhausted', customerId: 'c1', freeMinutesGranted: 300, hourlyRateCents: 6000 },
    { kind: 'balance_low', customerId: 'c1', bucket: 'free', grantedMinutes: 300, minutesRemaining: 45 },
    { kind: 'package_exhausted', customerId: 'c1', packageId: 'p1', minutes: 600 },
    { kind: 'ticket_billable', customerId: 'c1', ticketId: 't1', ticketNumber: 'T-2026-000001', subject: '<b>VPN</b>', reason: 'customer_cause', revision: 2, billableMinutes: 60, charges: [{ bucket: 'consuntivo', minutes: 60 }], hourlyRateCents: 6000 },
  ];

  it('ids are deterministic and distinct', () => {
    const ids = notices.map(noticeId);
    expect(new Set(ids).size).toBe(4);
    expect(noticeId(notices[3]!)).toBe('ticket-billable:t1:2');
    expect(noticeId({ ...(notices[0] as Extract<Notice, { kind: 'free_exhausted' }>), freeMinutesGranted: 600 })).not.toBe(ids[0]);
  });

  it.each(['it', 'en'] as const)('every notice renders in %s with text and HTML', (locale) => {
    for (const n of notices) {
      const email = renderNotice(n, locale, 'https://portal.example');
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.text).toContain('https://portal.example');
      expect(email.html).toMatch(/^<!doctype html>/);
    }
  });

  it('the free-hours email says what happens now, at the account rate', () => {
    expect(renderNotice(notices[0]!, 'it', 'https://p').text).toContain('consuntivo alla tariffa di € 60,00');
    expect(renderNotice(notices[0]!, 'en', 'https://p').text).toContain('€60.00 per hour');
  });

  it('escapes what customers wrote', () => {
    const html = renderNotice(notices[3]!, 'it', 'https://p').html;
    expect(html).toContain('&lt;b&gt;VPN&lt;/b&gt;');
    expect(html).not.toContain('<b>VPN</b>');
  });

  const balance = { freeMinutesRemaining: 75, freeMinutesGranted: 300, packageMinutesRemaining: 0, consuntivoMinutesThisPeriod: 90, consuntivoAmountCentsThisPeriod: 9000 };

  it('each email links to the page of the portal that shows its matter', () => {
    const links = (n: Notice) => [...renderNotice(n, 'it', 'https://portal.example', balance).html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links(notices[0]!)).toEqual(['https://portal.example/#/packages', 'https://portal.example/#/hours']);
    expect(links(notices[1]!)).toEqual(['https://portal.example/#/hours', 'https://portal.example/#/hours']);
    expect(links(notices[2]!)).toEqual(['https://portal.example/#/packages', 'https://portal.example/#/hours']);
    expect(links(notices[3]!)).toEqual(['https://portal.example/#/tickets/T-2026-000001', 'https://portal.example/#/hours']);
    expect(renderNotice(notices[3]!, 'en', 'https://portal.example').text).toContain('See the ticket: https://portal.example/#/tickets/T-2026-000001');
  });

  it.each([
    ['it', ['Le tue ore oggi', 'Monte ore gratuito', '1 h 15 min rimaste su 5 h', 'nessuna ora', '1 h 30 min, € 90,00 + IVA']],
    ['en', ['Your hours today', 'Free hours', '1 h 15 min left of 5 h', 'no hours', '1 h 30 min, €90.00 + VAT']],
  ] as const)('the balance at a glance, in the HTML and the text part (%s)', (locale, words) => {
    const email = renderNotice(notices[3]!, locale, 'https://p', balance);
    for (const w of words) {
      expect(email.html).toContain(w);
      expect(email.text).toContain(w);
    }
    expect(email.html).toContain(`lang="${locale}"`);
    // Without a balance there is no glance (and no second link).
    expect(renderNotice(notices[3]!, locale, 'https://p').html).not.toContain(words[0]);
  });

  it('the charges are a list in HTML and bullets in text; nothing of what customers wrote reaches the HTML unescaped', () => {
    const n: Notice = { ...(notices[3] as Extract<Notice, { kind: 'ticket_billable' }>), subject: '"><script>alert(1)</script>', ticketNumber: 'T-2026-000002' };
    const email = renderNotice(n, 'en', 'https://p', balance);
    expect(email.html).toContain('<li>billed on the next invoice: 1 h (€60.00)</li>');
    expect(email.text).toContain('• billed on the next invoice: 1 h (€60.00)');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&quot;&gt;&lt;script&gt;');
    expect(email.text).toContain('"><script>alert(1)</script>');
    // A link whose text came from a setting is escaped too.
    expect(renderNotice(notices[0]!, 'it', 'https://p/?a=1&b="2"').html).toContain('href="https://p/?a=1&amp;b=&quot;2&quot;/#/packages"');
  });

  it('the HTML is a mail-client layout: tables, inline styles, no style sheet, script or image', () => {
    const html = renderNotice(notices[0]!, 'it', 'https://p', balance).html;
    expect(html).toContain('role="presentation"');
    expect(html).not.toMatch(/<style|<script|<img|<link/);
    expect(html).toMatch(/<\/html>$/);
  });
});

describe('the reclassification email', () => {
  const base = { kind: 'ticket_reclassified', customerId: 'c1', ticketId: 't1', ticketNumber: 'T-2026-000007', subject: 'VPN', revision: 3, hourlyRateCents: 6000 } as const;
  const toIncluded: Notice = { ...base, classification: 'included', reason: 'Guasto <nostro>', billableMinutes: 0, previousMinutes: 90, charges: [] };
  const toBillable: Notice = { ...base, classification: 'billable', reason: 'Causa cliente', billableMinutes: 90, previousMinutes: 0, charges: [{ bucket: 'free', minutes: 60 }, { bucket: 'consuntivo', minutes: 30 }] };

  it('has an id per ticket and revision, apart from the billable notice of the same revision', () => {
    expect(noticeId(toIncluded)).toBe('ticket-reclassified:t1:3');
    expect(noticeId(toIncluded)).not.toBe(noticeId({ kind: 'ticket_billable', customerId: 'c1', ticketId: 't1', ticketNumber: 'T', subject: 'VPN', reason: 'customer_cause', revision: 3, billableMinutes: 90, charges: [], hourlyRateCents: 6000 }));
  });

  it('says what changed and why, in both languages, with the reason escaped', () => {
    const it1 = renderNotice(toIncluded, 'it', 'https://p');
    expect(it1.subject).toBe('Ticket T-2026-000007 riclassificato');
    expect(it1.text).toContain('come intervento incluso');
    expect(it1.text).toContain('1 h 30 min tornano al monte ore');
    expect(it1.text).toContain('Motivo: Guasto <nostro>');
    expect(it1.html).toContain('Guasto &lt;nostro&gt;');
    const en1 = renderNotice(toBillable, 'en', 'https://p');
    expect(en1.subject).toBe('Ticket T-2026-000007 reclassified');
    expect(en1.text).toContain('as billable work');
    expect(en1.text).toContain('Billable time: 1 h 30 min.');
    expect(en1.text).toContain('€30.00');
  });
});
