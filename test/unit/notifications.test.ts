/** Proves the customer emails: amounts and durations formatted per locale with integers, ids deterministic, HTML escaped. */
import { describe, expect, it } from 'vitest';
import { amountCents } from '../../functions/core/billing';
import { formatCents, formatMinutes, noticeId, renderNotice, type Notice } from '../../functions/core/notifications';

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
    { kind: 'balance_low', customerId: 'c1', bucket: 'free', minutesGranted: 300, minutesRemaining: 45 },
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
});
