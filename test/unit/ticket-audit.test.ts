/**
 * Proves the ticket half of reconcile (core/tickets/audit.ts, T1–T4): a closed ticket whose logged,
 * billable and charged minutes agree with its worklogs and ledger entries has no drift; each way they
 * can disagree (a worklog counted but not settled, a charge missing from the ledger, charges that do not
 * add up, no classification) is reported by name; the policy recorded at settlement is the one applied,
 * not today's settings.
 */
import { describe, expect, it } from 'vitest';
import { reconcileTicket } from '../../functions/core/tickets/audit';
import { type Ticket } from '../../functions/core/tickets/tickets';
import { newTicket } from '../../functions/core/tickets/new-ticket';

const NOW = new Date('2026-11-25T09:30:00.000Z');
const POLICY = { billingIncrementMinutes: 15, onSiteMinimumMinutes: 60 };
const closed = (over: Partial<Ticket> = {}): Ticket => ({
  ...newTicket({ category: 'configuration_change', subject: 'VLAN', description: 'nuova VLAN' }, { id: 't_01JAAAAAAAAAAAAAAAAAAAAAAA', number: 'T-2026-000007', customerId: 'c_ALFA', openedBy: 'alfa', now: NOW }),
  status: 'closed',
  classification: { kind: 'billable', reason: 'billable_request', rule: 'billable-request' },
  loggedMinutes: 70,
  billableMinutes: 75,
  charges: [
    { bucket: 'free', minutes: 60 },
    { bucket: 'consuntivo', minutes: 15 },
  ],
  billingPolicy: POLICY,
  ...over,
});
const work = [
  { minutes: 40, kind: 'remote' as const },
  { minutes: 30, kind: 'remote' as const },
];
const whats = (drift: { what: string }[]) => drift.map((d) => d.what.replace('ticket T-2026-000007 (t_01JAAAAAAAAAAAAAAAAAAAAAAA) ', ''));

describe('reconcileTicket', () => {
  it('logged → billable → charged in agreement: no drift; included tickets bill 0 whatever is logged', () => {
    expect(reconcileTicket(closed(), work, 75, POLICY)).toEqual([]);
    const included = closed({ classification: { kind: 'included', reason: 'provider_fault', rule: 'root-cause-provider' }, billableMinutes: 0, charges: [] });
    expect(reconcileTicket(included, work, 0, POLICY)).toEqual([]);
  });

  it('a worklog counted but never settled (the bug: 75 logged, 45 billed) is drift in billable minutes', () => {
    const drift = reconcileTicket(closed({ loggedMinutes: 75, billableMinutes: 45, charges: [{ bucket: 'free', minutes: 45 }] }), [...work, { minutes: 5, kind: 'remote' }], 45, POLICY);
    expect(whats(drift)).toEqual(['billableMinutes = policy(worklogs)']);
    expect(drift[0]).toMatchObject({ customerId: 'c_ALFA', stored: 45, fromEntries: 75 });
  });

  it('a worklog item the ticket never counted is drift in logged and billable minutes', () => {
    expect(whats(reconcileTicket(closed(), [...work, { minutes: 30, kind: 'remote' }], 75, POLICY))).toEqual(['loggedMinutes = Σ worklogs', 'billableMinutes = policy(worklogs)']);
  });

  it('charges that do not add up, or a ledger that charged otherwise, are drift', () => {
    expect(whats(reconcileTicket(closed({ charges: [{ bucket: 'free', minutes: 60 }] }), work, 75, POLICY))).toEqual(['Σ charges = billableMinutes']);
    expect(whats(reconcileTicket(closed(), work, 60, POLICY))).toEqual(['charged in the ledger = billableMinutes']);
  });

  it('a closed ticket without a classification is drift', () => {
    const { classification: _, ...rest } = closed();
    expect(whats(reconcileTicket(rest as Ticket, work, 75, POLICY))).toEqual(['is closed without a classification']);
  });

  it('applies the policy its settlement recorded, and today’s settings only to tickets settled before it was recorded', () => {
    const today = { billingIncrementMinutes: 30, onSiteMinimumMinutes: 60 };
    expect(reconcileTicket(closed(), work, 75, today)).toEqual([]);
    const { billingPolicy: _, ...old } = closed();
    expect(whats(reconcileTicket(old as Ticket, work, 75, today))).toEqual(['billableMinutes = policy(worklogs)']);
    const onsite = closed({ loggedMinutes: 20, billableMinutes: 60, charges: [{ bucket: 'free', minutes: 60 }] });
    expect(reconcileTicket(onsite, [{ minutes: 20, kind: 'onsite' }], 60, POLICY)).toEqual([]);
  });
});
