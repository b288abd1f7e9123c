/**
 * Proves the pure ticket rules: the new ticket's shape and expected classification for every category,
 * readable numbers by the Europe/Rome year, which path ids can name a ticket, that another account's
 * ticket is "not found", and — as a property over random sequences of actions — that the first staff
 * action alone moves a ticket to in_progress and stamps firstResponseAt, loggedMinutes = Σ worklogs,
 * and nothing is added to a closed ticket.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORIES } from '../../functions/core/tickets/categories';
import type { Caller } from '../../functions/core/accounts/caller';
import { DomainError } from '../../functions/core/errors';
import { kindOf } from '../support/errors';
import { type Ticket } from '../../functions/core/tickets/tickets';
import { newTicket, ticketNumber, ticketYear } from '../../functions/core/tickets/new-ticket';
import { assertVisible, ticketRef } from '../../functions/core/tickets/lookup';
import { messageChange, worklogChange, type TicketChange } from '../../functions/core/tickets/changes';
import { ticketView } from '../../functions/core/tickets/views';

const NOW = new Date('2026-11-25T09:30:00.000Z');
const customer: Caller = { username: 'alfa', role: 'customer', customerId: 'c_ALFA' };
const otherCustomer: Caller = { username: 'beta', role: 'customer', customerId: 'c_BETA' };
const tech: Caller = { username: 'tech', role: 'technician' };

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  ...newTicket(
    { category: 'service_fault', subject: 'Linea giù', description: 'Da stamattina' },
    { id: 't_01JAAAAAAAAAAAAAAAAAAAAAAA', number: 'T-2026-000001', customerId: 'c_ALFA', openedBy: 'alfa', now: NOW },
  ),
  ...over,
});


describe('newTicket', () => {
  it('starts open, with no time, no charges, revision 1 and the category’s expected classification', () => {
    expect(ticket()).toEqual({
      id: 't_01JAAAAAAAAAAAAAAAAAAAAAAA',
      number: 'T-2026-000001',
      customerId: 'c_ALFA',
      category: 'service_fault',
      subject: 'Linea giù',
      description: 'Da stamattina',
      onSite: false,
      status: 'open',
      expectedClassification: 'included',
      loggedMinutes: 0,
      billableMinutes: 0,
      charges: [],
      createdAt: '2026-11-25T09:30:00.000Z',
      openedBy: 'alfa',
      revision: 1,
      round: 1,
    });
  });

  it.each(CATEGORIES.map((c) => [c.id, c.expected] as const))('%s is expected to be %s', (category, expected) => {
    const t = newTicket({ category, subject: 's', description: 'd', onSite: true }, { id: 't_1', number: 'T-2026-000001', customerId: 'c', openedBy: 'u', now: NOW });
    expect(t.expectedClassification).toBe(expected);
    expect(t.onSite).toBe(true);
  });

  it('records the incident that covers the account, when there is one', () => {
    const t = newTicket({ category: 'service_fault', subject: 's', description: 'd' }, { id: 't_1', number: 'T-2026-000001', customerId: 'c', openedBy: 'u', now: NOW, incidentId: 'i_1' });
    expect(t.incidentId).toBe('i_1');
    expect('incidentId' in ticket()).toBe(false);
  });
});

describe('ticket numbers', () => {
  it('read as T-<year>-<six digits>, longer past a million', () => {
    expect(ticketNumber(2026, 123)).toBe('T-2026-000123');
    expect(ticketNumber(2026, 1_234_567)).toBe('T-2026-1234567');
    expect(() => ticketNumber(2026, 0)).toThrow();
    expect(() => ticketNumber(2026, 1.5)).toThrow();
  });

  it('follow the provider’s calendar: New Year’s Eve 23:30 UTC is already next year in Rome', () => {
    expect(ticketYear(new Date('2026-12-31T22:59:59Z'))).toBe(2026);
    expect(ticketYear(new Date('2026-12-31T23:00:00Z'))).toBe(2027);
    expect(ticketYear(new Date('2026-06-30T22:30:00Z'))).toBe(2026);
  });
});

describe('which ids name a ticket', () => {
  it('accepts ids and numbers, and reports anything else as not found', () => {
    expect(ticketRef('t_01JAAAAAAAAAAAAAAAAAAAAAAA')).toEqual({ id: 't_01JAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(ticketRef('T-2026-000123')).toEqual({ number: 'T-2026-000123' });
    for (const raw of ['', 't_1', 'T-2026-12', 'TICKET#t_01JAAAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(5000), 't_01jaaaaaaaaaaaaaaaaaaaaaaa']) {
      expect(kindOf(() => ticketRef(raw))).toBe('not_found');
    }
  });
});

describe('who sees a ticket', () => {
  it('its own account and staff; another account gets "not found", as if it did not exist', () => {
    const t = ticket();
    expect(assertVisible(t, customer, t.id)).toBe(t);
    expect(assertVisible(t, tech, t.id)).toBe(t);
    expect(kindOf(() => assertVisible(t, otherCustomer, t.id))).toBe('not_found');
    expect(kindOf(() => assertVisible(undefined, tech, 'x'))).toBe('not_found');
  });
});

describe('messages and worklogs', () => {
  it('a customer message changes nothing but the history', () => {
    expect(messageChange(ticket(), customer, NOW)).toEqual({ expectedStatus: 'open' });
  });

  it('the first staff action starts the work and stamps the first response; later ones do not', () => {
    expect(messageChange(ticket(), tech, NOW)).toEqual({ expectedStatus: 'open', status: 'in_progress', firstResponseAt: NOW.toISOString() });
    expect(worklogChange(ticket(), 30, NOW)).toEqual({ expectedStatus: 'open', status: 'in_progress', firstResponseAt: NOW.toISOString(), addMinutes: 30 });
    expect(messageChange(ticket({ status: 'in_progress' }), tech, NOW)).toEqual({ expectedStatus: 'in_progress' });
    expect(worklogChange(ticket({ status: 'in_progress' }), 5, NOW)).toEqual({ expectedStatus: 'in_progress', addMinutes: 5 });
  });

  it('time closes with the resolution: a worklog on a resolved, contested or closed ticket is a 409 that says why', () => {
    for (const status of ['resolved', 'contested', 'closed'] as const) {
      const late = ticket({ status, resolvedAt: '2026-11-25T10:00:00.000Z' });
      expect(kindOf(() => worklogChange(late, 5, NOW))).toBe('conflict');
      expect(() => worklogChange(late, 5, NOW)).toThrow(/time closed with its resolution at 2026-11-25T10:00:00.000Z/);
    }
    // Messages still reach a ticket until it is closed.
    expect(messageChange(ticket({ status: 'resolved' }), customer, NOW)).toEqual({ expectedStatus: 'resolved' });
  });

  it('a closed ticket takes nothing more (409)', () => {
    const closed = ticket({ status: 'closed' });
    expect(kindOf(() => messageChange(closed, customer, NOW))).toBe('conflict');
    expect(kindOf(() => messageChange(closed, tech, NOW))).toBe('conflict');
    expect(kindOf(() => worklogChange(closed, 5, NOW))).toBe('conflict');
  });

  it('worklog minutes that are not whole and positive are a bug past the edge, never stored', () => {
    for (const m of [0, -1, 1.5, Number.NaN]) expect(kindOf(() => worklogChange(ticket(), m, NOW))).toBe('bug');
  });

  type Action = { who: 'customer' | 'staff'; what: 'message' | 'worklog'; minutes: number } | { who: 'workflow'; what: 'resolve' | 'close' };
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ who: fc.constant('customer' as const), what: fc.constant('message' as const), minutes: fc.constant(0) }),
    fc.record({ who: fc.constant('staff' as const), what: fc.constantFrom('message' as const, 'worklog' as const), minutes: fc.integer({ min: 1, max: 1440 }) }),
    fc.record({ who: fc.constant('workflow' as const), what: fc.constantFrom('resolve' as const, 'close' as const) }),
  );

  it('over any sequence of actions: status, first response and loggedMinutes follow the rules', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let t = ticket();
        let logged = 0;
        let firstStaffAt: string | undefined;
        actions.forEach((a, i) => {
          const at = new Date(NOW.getTime() + (i + 1) * 60_000);
          if (a.what === 'close') {
            t = { ...t, status: 'closed' };
            return;
          }
          if (a.what === 'resolve') {
            // As the store's recordFindings: only while worked, and it counts as a response.
            if (t.status === 'open' || t.status === 'in_progress') {
              firstStaffAt ??= at.toISOString();
              t = { ...t, status: 'resolved', firstResponseAt: t.firstResponseAt ?? at.toISOString() };
            }
            return;
          }
          let change: TicketChange;
          try {
            change = a.what === 'worklog' ? worklogChange(t, a.minutes, at) : messageChange(t, a.who === 'customer' ? customer : tech, at);
          } catch (err) {
            // Closed takes nothing; resolved takes messages but no more time.
            expect(t.status === 'closed' || (t.status === 'resolved' && a.what === 'worklog')).toBe(true);
            expect((err as DomainError).kind).toBe('conflict');
            return;
          }
          expect(change.expectedStatus).toBe(t.status);
          if (a.who === 'staff') firstStaffAt ??= at.toISOString();
          if (a.what === 'worklog') logged += a.minutes;
          t = { ...t, ...(change.status ? { status: change.status } : {}), ...(change.firstResponseAt ? { firstResponseAt: change.firstResponseAt } : {}), loggedMinutes: t.loggedMinutes + (change.addMinutes ?? 0) };
        });
        expect(t.loggedMinutes).toBe(logged);
        expect(t.firstResponseAt).toBe(firstStaffAt);
        if (t.status !== 'closed' && t.status !== 'resolved') expect(t.status).toBe(firstStaffAt ? 'in_progress' : 'open');
      }),
      { numRuns: 500 },
    );
  });
});

describe('ticketView', () => {
  it('hides the revision and the task token and sorts the history by time', () => {
    const view = ticketView(ticket({ taskToken: 'secret', revision: 7 }), [
      { id: 'w_2', ticketId: 't', at: '2026-11-25T10:00:00.000Z', by: 'tech', minutes: 5, kind: 'remote', note: 'b' },
      { id: 'w_1', ticketId: 't', at: '2026-11-25T09:45:00.000Z', by: 'tech', minutes: 5, kind: 'remote', note: 'a' },
    ], []);
    expect('revision' in view || 'taskToken' in view).toBe(false);
    expect(view.worklogs.map((w) => w.id)).toEqual(['w_1', 'w_2']);
    expect(view.messages).toEqual([]);
  });
});
