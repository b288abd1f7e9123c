import { describe, expect, it } from 'vitest';
import { it as itCatalogue } from '../../portal/i18n/it';
import { en } from '../../portal/i18n/en';
import { date, dateTime, duration, money } from '../../portal/i18n/index';
import { parse } from '../../portal/routes';

/**
 * The portal's words and formats: both catalogues have the same keys with the same kinds of value (tsc
 * checks the keys; this also checks each function takes the same arguments and no text is empty);
 * amounts, dates and durations read as an Italian (or English) customer expects, in Rome time; hash
 * routes parse to the page they name.
 */
describe('catalogues', () => {
  it('it and en have the same keys, the same kinds of value, and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(itCatalogue).sort());
    for (const [key, value] of Object.entries(itCatalogue)) {
      const other = en[key as keyof typeof en];
      expect(typeof other, key).toBe(typeof value);
      if (typeof value === 'function') expect((other as (...a: unknown[]) => string).length, key).toBe(value.length);
      else expect(String(value).trim(), key).not.toBe('');
    }
  });
});

describe('formats', () => {
  it('money: € 1.234,56 in Italian, €1,234.56 in English, from integer cents', () => {
    expect(money(123456, 'it')).toBe('€ 1.234,56');
    expect(money(6000, 'it')).toBe('€ 60,00');
    expect(money(-4550, 'it')).toBe('−€ 45,50');
    expect(money(123456, 'en')).toBe('€1,234.56');
  });

  it('dates are the day in Rome: 30 nov 2026', () => {
    expect(date('2026-11-30T10:00:00Z', 'it')).toBe('30 nov 2026');
    expect(date('2026-11-30T10:00:00Z', 'en')).toBe('30 Nov 2026');
    // 23:30 UTC on 30 November is already 1 December in Rome.
    expect(date('2026-11-30T23:30:00Z', 'it')).toBe('1 dic 2026');
    expect(dateTime('2026-07-01T08:05:00Z', 'it')).toBe('1 lug 2026, 10:05');
  });

  it('durations: 3 h 15 min, 45 min, 2 h', () => {
    expect(duration(195)).toBe('3 h 15 min');
    expect(duration(45)).toBe('45 min');
    expect(duration(120)).toBe('2 h');
    expect(duration(0)).toBe('0 min');
  });
});

describe('hash routes', () => {
  it('name the page', () => {
    expect(parse('')).toEqual({ page: 'home' });
    expect(parse('#/')).toEqual({ page: 'home' });
    expect(parse('#/tickets')).toEqual({ page: 'tickets' });
    expect(parse('#/tickets/T-2026-000123')).toEqual({ page: 'ticket', id: 'T-2026-000123' });
    expect(parse('#/console/tickets')).toEqual({ page: 'console', rest: 'tickets', query: '' });
    expect(parse('#/console/queue?status=open&sla=breached')).toEqual({ page: 'console', rest: 'queue', query: 'status=open&sla=breached' });
    expect(parse('#/tickets/new')).toEqual({ page: 'new-ticket' });
    expect(parse('#/packages')).toEqual({ page: 'packages' });
    expect(parse('#/tickets/a/b')).toEqual({ page: 'not-found', path: '/tickets/a/b' });
  });
});
