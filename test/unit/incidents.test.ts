/**
 * Proves the pure incident rules: accounts deduplicated and bounded, no start in the future, closing
 * once (404 / 409 otherwise), which path ids can name an incident, and which incident covers a moment.
 */
import { describe, expect, it } from 'vitest';
import { closeIncident, coveringIncident, incidentRef, MAX_INCIDENT_ACCOUNTS, newIncident } from '../../functions/core/incidents/incidents';
import { kindOf } from '../support/errors';

const NOW = new Date('2026-11-25T09:30:00.000Z');
const ctx = { id: 'i_01JAAAAAAAAAAAAAAAAAAAAAAA', declaredBy: 'tech', now: NOW };


describe('newIncident', () => {
  it('deduplicates the accounts and starts now unless told otherwise', () => {
    expect(newIncident({ title: 'Dorsale', customerIds: ['c_A', 'c_B', 'c_A'] }, ctx)).toEqual({
      id: ctx.id,
      title: 'Dorsale',
      customerIds: ['c_A', 'c_B'],
      startedAt: NOW.toISOString(),
      status: 'active',
      declaredBy: 'tech',
      createdAt: NOW.toISOString(),
    });
  });

  it('normalises a start with an offset to UTC, and tolerates five minutes of clock skew', () => {
    expect(newIncident({ title: 't', customerIds: ['c'], startedAt: '2026-11-25T09:00:00+01:00' }, ctx).startedAt).toBe('2026-11-25T08:00:00.000Z');
    expect(kindOf(() => newIncident({ title: 't', customerIds: ['c'], startedAt: '2026-11-25T09:34:00Z' }, ctx))).toBe('ok');
    expect(kindOf(() => newIncident({ title: 't', customerIds: ['c'], startedAt: '2026-11-25T09:36:00Z' }, ctx))).toBe('invalid');
  });

  it(`names at most ${MAX_INCIDENT_ACCOUNTS} accounts (one transaction)`, () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `c_${i}`);
    expect(kindOf(() => newIncident({ title: 't', customerIds: ids(MAX_INCIDENT_ACCOUNTS) }, ctx))).toBe('ok');
    expect(kindOf(() => newIncident({ title: 't', customerIds: ids(MAX_INCIDENT_ACCOUNTS + 1) }, ctx))).toBe('invalid');
  });
});

describe('closeIncident', () => {
  const active = newIncident({ title: 't', customerIds: ['c'] }, ctx);
  it('closes an active incident once', () => {
    const later = new Date(NOW.getTime() + 3_600_000);
    expect(closeIncident(active, { id: active.id, closedBy: 'sup', now: later })).toEqual({ ...active, status: 'closed', closedAt: later.toISOString(), closedBy: 'sup' });
    const closed = closeIncident(active, { id: active.id, closedBy: 'sup', now: later });
    expect(kindOf(() => closeIncident(closed, { id: active.id, closedBy: 'sup', now: later }))).toBe('conflict');
    expect(kindOf(() => closeIncident(undefined, { id: active.id, closedBy: 'sup', now: later }))).toBe('not_found');
  });

  it('only incident ids reach the store', () => {
    expect(incidentRef(active.id)).toBe(active.id);
    for (const raw of ['i_1', 'INCIDENT#x', '', 'x'.repeat(3000)]) expect(kindOf(() => incidentRef(raw))).toBe('not_found');
  });
});

describe('coveringIncident', () => {
  const records = [
    { incidentId: 'i_late', startedAt: '2026-11-25T09:00:00.000Z' },
    { incidentId: 'i_early', startedAt: '2026-11-25T08:00:00.000Z', closedAt: '2026-11-25T10:00:00.000Z' },
    { incidentId: 'i_over', startedAt: '2026-11-25T06:00:00.000Z', closedAt: '2026-11-25T07:00:00.000Z' },
  ];
  it('is the earliest incident started by t and not closed by t', () => {
    expect(coveringIncident(records, new Date('2026-11-25T09:30:00Z'))).toBe('i_early');
    expect(coveringIncident(records, new Date('2026-11-25T10:30:00Z'))).toBe('i_late');
    expect(coveringIncident(records, new Date('2026-11-25T06:30:00Z'))).toBe('i_over');
    expect(coveringIncident(records, new Date('2026-11-25T07:30:00Z'))).toBeUndefined();
    expect(coveringIncident([], NOW)).toBeUndefined();
  });
});
