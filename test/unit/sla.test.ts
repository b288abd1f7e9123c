/**
 * Proves the SLA rules at their boundaries: a clock is running until its at-risk share has elapsed, at
 * risk from that instant through its due instant, breached one millisecond after; met when done at or
 * before the due instant, breached (for good) when done later; elapsed minutes are whole and stop when
 * done; the queue's clock is the first response until it comes, then the resolution, and none once
 * resolved; settings are checked field by field; and the queue orders, filters, counts and pages exactly.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../functions/core/tickets/categories';
import { DomainError } from '../../functions/core/errors';
import { listQueue, queuePosition, type QueueEntry } from '../../functions/core/tickets/queue';
import { DEFAULT_SLA_SETTINGS, checkedSlaSettings, queueClock, resolveSlaSettings, slaClock, slaSettingsProblems, ticketSla, ticketSlaView, type SlaSettings } from '../../functions/core/tickets/sla';
import type { Ticket } from '../../functions/core/tickets/tickets';

const START = '2026-11-25T09:00:00.000Z';
const at = (minutes: number, ms = 0) => new Date(Date.parse(START) + minutes * 60_000 + ms);

describe('one clock', () => {
  // 60-minute target, at risk from 75%: at 45 minutes.
  const clock = (now: Date, done?: Date) => slaClock(START, 60, 75, done?.toISOString(), now);

  it('runs until the at-risk share has elapsed, is at risk from that instant through the due instant, breached just after', () => {
    expect(clock(at(0)).state).toBe('running');
    expect(clock(at(45, -1)).state).toBe('running');
    expect(clock(at(45)).state).toBe('at_risk');
    expect(clock(at(60)).state).toBe('at_risk');
    expect(clock(at(60, 1)).state).toBe('breached');
    expect(clock(at(600)).state).toBe('breached');
  });

  it('gives the due and at-risk instants and whole elapsed minutes', () => {
    const c = clock(at(30, 59_999));
    expect(c).toEqual({ state: 'running', targetMinutes: 60, elapsedMinutes: 30, dueAt: at(60).toISOString(), atRiskAt: at(45).toISOString() });
  });

  it('is met when done at or before the due instant, breached when later, whatever now is', () => {
    expect(clock(at(900), at(60))).toMatchObject({ state: 'met', elapsedMinutes: 60, doneAt: at(60).toISOString() });
    expect(clock(at(900), at(10))).toMatchObject({ state: 'met', elapsedMinutes: 10 });
    expect(clock(at(900), at(60, 1))).toMatchObject({ state: 'breached', elapsedMinutes: 60 });
    expect(clock(at(61), at(59)).state).toBe('met');
  });

  it('rounds the at-risk instant to the millisecond for odd shares', () => {
    expect(slaClock(START, 7, 33, undefined, at(0)).atRiskAt).toBe(new Date(Date.parse(START) + Math.round((7 * 60_000 * 33) / 100)).toISOString());
  });
});

describe("a ticket's clocks", () => {
  const base = { createdAt: START, status: 'open', slaTargets: { firstResponseMinutes: 60, resolutionMinutes: 480, atRiskPercent: 75 } };

  it('has none without targets (opened before SLAs existed)', () => {
    expect(ticketSlaView({ createdAt: START }, at(1))).toBeUndefined();
    expect(queueClock({ createdAt: START, status: 'open' })).toBeUndefined();
  });

  it('races the first response until it comes, then the resolution; leaves the queue once resolved', () => {
    expect(queueClock(base)).toEqual({ dueAt: at(60).toISOString(), atRiskAt: at(45).toISOString() });
    const answered = { ...base, status: 'in_progress', firstResponseAt: at(20).toISOString() };
    expect(queueClock(answered)).toEqual({ dueAt: at(480).toISOString(), atRiskAt: at(360).toISOString() });
    expect(queueClock({ ...answered, status: 'resolved', resolvedAt: at(100).toISOString() })).toBeUndefined();
    const view = ticketSlaView({ ...answered, resolvedAt: at(100).toISOString() }, at(1000))!;
    expect(view.firstResponse).toMatchObject({ state: 'met', elapsedMinutes: 20 });
    expect(view.resolution).toMatchObject({ state: 'met', elapsedMinutes: 100, targetMinutes: 480 });
  });
});

describe('settings', () => {
  const valid = (): SlaSettings => structuredClone({ ...DEFAULT_SLA_SETTINGS, targets: { ...DEFAULT_SLA_SETTINGS.targets } }) as SlaSettings;

  it('defaults cover every category with resolution ≥ first response', () => {
    expect(slaSettingsProblems(valid())).toEqual([]);
    for (const id of CATEGORY_IDS) expect(DEFAULT_SLA_SETTINGS.targets[id]).toBeDefined();
  });

  it('names each bad field: not whole, not positive, resolution under first response, at-risk share out of range', () => {
    const s = valid();
    s.targets.service_fault = { firstResponseMinutes: 0, resolutionMinutes: 1.5 };
    s.targets.consulting = { firstResponseMinutes: 120, resolutionMinutes: 60 };
    s.atRiskPercent = 100;
    expect(slaSettingsProblems(s).map((p) => p.path)).toEqual(['targets.service_fault.firstResponseMinutes', 'targets.service_fault.resolutionMinutes', 'targets.consulting.resolutionMinutes', 'atRiskPercent']);
    try {
      checkedSlaSettings(s);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).errors?.map((e) => e.path)).toContain('targets.consulting.resolutionMinutes');
    }
  });

  it('a resolution target equal to the first response target is allowed', () => {
    const s = valid();
    s.targets.consulting = { firstResponseMinutes: 90, resolutionMinutes: 90 };
    expect(slaSettingsProblems(s)).toEqual([]);
  });

  it('stored settings overlay the defaults, and a new ticket takes its category’s targets with the share', () => {
    const s = resolveSlaSettings({ targets: { consulting: { firstResponseMinutes: 5, resolutionMinutes: 10 } } as SlaSettings['targets'], atRiskPercent: 50 });
    expect(ticketSla(s, 'consulting')).toEqual({ firstResponseMinutes: 5, resolutionMinutes: 10, atRiskPercent: 50 });
    expect(ticketSla(s, 'service_fault')).toEqual({ ...DEFAULT_SLA_SETTINGS.targets.service_fault, atRiskPercent: 50 });
  });
});

describe('the queue', () => {
  const id = (n: number) => `t_${String(n).padStart(26, '0')}`;
  const entry = (n: number, dueMin: number, riskMin: number, over: Partial<QueueEntry> = {}): QueueEntry => ({
    ticketId: id(n),
    dueAt: at(dueMin).toISOString(),
    atRiskAt: at(riskMin).toISOString(),
    status: 'open',
    customerId: 'c_A',
    category: 'service_fault',
    ...over,
  });
  const entries = [
    entry(1, 100, 75),
    entry(2, 60, 45, { status: 'in_progress', category: 'consulting' }),
    entry(3, 30, 20, { customerId: 'c_B' }),
    entry(4, 60, 50),
    entry(5, 500, 400, { status: 'in_progress' }),
  ];
  const ticket = (e: QueueEntry): Ticket =>
    ({ id: e.ticketId, number: `T-2026-${e.ticketId.slice(-6)}`, customerId: e.customerId, category: e.category, status: e.status, createdAt: START, subject: 's', description: 'd', onSite: false, expectedClassification: 'included', loggedMinutes: 0, billableMinutes: 0, charges: [], openedBy: 'u', revision: 1, round: 1 }) as Ticket;
  const deps = (now: Date) => ({
    now: () => now,
    queue: {
      entries: async () => [...entries].reverse(),
      rows: async (ids: readonly string[], accounts: readonly string[]) => ({ tickets: entries.filter((e) => ids.includes(e.ticketId)).map(ticket), accountNames: new Map(accounts.map((id) => [id, `Name ${id}`])) }),
      dropEntry: async () => undefined,
    },
  });

  it('orders by due instant then ticket id, with states computed at the time of the read', async () => {
    const page = await listQueue(deps(at(55)), { limit: 10 });
    expect(page.items.map((i) => i.id)).toEqual([id(3), id(2), id(4), id(1), id(5)]);
    expect(page.items.map((i) => i.queue.slaState)).toEqual(['breached', 'at_risk', 'at_risk', 'running', 'running']);
    expect(page.counts).toEqual({ total: 5, sla: { breached: 1, at_risk: 2, running: 2 }, status: { open: 3, in_progress: 2 } });
    expect(page.accounts).toEqual([
      { id: 'c_A', name: 'Name c_A', count: 4 },
      { id: 'c_B', name: 'Name c_B', count: 1 },
    ]);
  });

  it('running → at risk → breached as time passes, with no write', async () => {
    const states = async (minute: number) => (await listQueue(deps(at(minute)), { limit: 10 })).counts.sla;
    expect(await states(0)).toEqual({ running: 5, at_risk: 0, breached: 0 });
    expect(await states(46)).toEqual({ running: 3, at_risk: 1, breached: 1 });
    expect(await states(50)).toEqual({ running: 2, at_risk: 2, breached: 1 });
    expect(await states(61)).toEqual({ running: 2, at_risk: 0, breached: 3 });
  });

  it('filters by every criterion at once; each count leaves out its own filter', async () => {
    const page = await listQueue(deps(at(55)), { limit: 10, customerId: 'c_A', sla: 'at_risk', status: 'open' });
    expect(page.items.map((i) => i.id)).toEqual([id(4)]);
    expect(page.counts).toEqual({ total: 1, sla: { breached: 0, at_risk: 1, running: 1 }, status: { open: 1, in_progress: 1 } });
    // The account counts leave out the account filter: B's at-risk open ticket… is breached, so only A.
    expect(page.accounts.map((x) => [x.id, x.count])).toEqual([['c_A', 1]]);
    expect((await listQueue(deps(at(55)), { limit: 10, category: 'consulting' })).items.map((i) => i.id)).toEqual([id(2)]);
  });

  it('pages after a position without repeats or gaps', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await listQueue(deps(at(55)), { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.items.map((t) => t.id));
      after = page.next;
      if (!after) break;
    }
    expect(seen).toEqual([id(3), id(2), id(4), id(1), id(5)]);
    expect(queuePosition(entries[0]!)).toBe(`${at(100).toISOString()}#${id(1)}`);
  });

  it('refuses a position that is not one', async () => {
    await expect(listQueue(deps(at(0)), { limit: 2, after: 'QUEUE#x' })).rejects.toBeInstanceOf(DomainError);
  });
});
