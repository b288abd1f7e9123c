import { CATEGORY_IDS, SLA_MAX_MINUTES, type CategoryId, type QueueSlaState, type SlaState } from '#contracts/vocabulary';
import { invalid } from '../errors';

/**
 * Service levels: how soon a ticket must get its first staff answer and its resolution, per category.
 *
 * - The clock runs 24/7 from the ticket's `createdAt` (no business hours: the letter promises "tempi di
 *   risposta adeguati" for a network, which fails at night too).
 * - The targets a ticket is held to are fixed when it is opened (`TicketSla`, kept on the ticket as `slaTargets`), so a
 *   later change of the settings moves no due instant and no ticket's place in the queue.
 * - A clock is `at_risk` once `atRiskPercent` of its target has elapsed (default 75), `breached` once its
 *   due instant has passed (at the due instant itself it is still at risk), `met` when the first response
 *   or the resolution came at or before the due instant; one that came later stays `breached`.
 * - States are computed from the instants at read time: running → at risk → breached needs no write.
 */
export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaSettings {
  targets: Record<CategoryId, SlaTargets>;
  /** A clock is at risk once this share of its target has elapsed. @default 75 */
  atRiskPercent: number;
}

/** What a ticket carries from its opening: the targets of its category then, and the at-risk share. */
export interface TicketSla extends SlaTargets {
  atRiskPercent: number;
}

const HOUR = 60;
const fault: SlaTargets = { firstResponseMinutes: 1 * HOUR, resolutionMinutes: 8 * HOUR };
const request: SlaTargets = { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 5 * 24 * HOUR };

/** Until finance or an admin sets them: faults answered within an hour and fixed within eight; requests within four hours and five days. */
export const DEFAULT_SLA_SETTINGS: Readonly<SlaSettings> = Object.freeze({
  targets: {
    service_fault: fault,
    provider_network: fault,
    onsite_provider_fault: { firstResponseMinutes: 1 * HOUR, resolutionMinutes: 24 * HOUR },
    service_information: { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 24 * HOUR },
    custom_configuration: request,
    configuration_change: { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 2 * 24 * HOUR },
    feature_activation: request,
    non_provider_fault: { firstResponseMinutes: 2 * HOUR, resolutionMinutes: 2 * 24 * HOUR },
    onsite_extra: request,
    consulting: { firstResponseMinutes: 8 * HOUR, resolutionMinutes: 10 * 24 * HOUR },
    recurring_activity: request,
  },
  atRiskPercent: 75,
});

export interface FieldProblem {
  path: string;
  message: string;
}

const wholeMinutes = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= SLA_MAX_MINUTES;

/** Every problem of a settings document, each naming its field (`targets.<category>.<field>`, `atRiskPercent`). */
export function slaSettingsProblems(settings: SlaSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const category of CATEGORY_IDS) {
    const t = settings.targets[category];
    if (!t) {
      problems.push({ path: `targets.${category}`, message: 'is required' });
      continue;
    }
    for (const field of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
      if (!wholeMinutes(t[field])) problems.push({ path: `targets.${category}.${field}`, message: `must be a whole number of minutes from 1 to ${SLA_MAX_MINUTES}` });
    }
    if (wholeMinutes(t.firstResponseMinutes) && wholeMinutes(t.resolutionMinutes) && t.resolutionMinutes < t.firstResponseMinutes) {
      problems.push({ path: `targets.${category}.resolutionMinutes`, message: 'must be at least the first response target' });
    }
  }
  if (!Number.isSafeInteger(settings.atRiskPercent) || settings.atRiskPercent < 1 || settings.atRiskPercent > 99) {
    problems.push({ path: 'atRiskPercent', message: 'must be a whole percentage from 1 to 99' });
  }
  return problems;
}

/** The settings as given, or a 400 naming each bad field (nothing is written). */
export function checkedSlaSettings(settings: SlaSettings): SlaSettings {
  const problems = slaSettingsProblems(settings);
  if (problems.length) throw invalid('the SLA settings are not valid', problems);
  return settings;
}

/** The defaults overlaid with what was stored (a category added later keeps its default). */
export function resolveSlaSettings(stored: Partial<SlaSettings> | undefined): SlaSettings {
  return {
    targets: { ...DEFAULT_SLA_SETTINGS.targets, ...stored?.targets },
    atRiskPercent: stored?.atRiskPercent ?? DEFAULT_SLA_SETTINGS.atRiskPercent,
  };
}

/** What a new ticket of `category` is held to. */
export function ticketSla(settings: SlaSettings, category: CategoryId): TicketSla {
  const t = settings.targets[category];
  return { firstResponseMinutes: t.firstResponseMinutes, resolutionMinutes: t.resolutionMinutes, atRiskPercent: settings.atRiskPercent };
}

/** One clock: its target, the whole minutes elapsed (until done, or now), when it is due, when it turns at risk. */
export interface SlaClock {
  state: SlaState;
  targetMinutes: number;
  elapsedMinutes: number;
  dueAt: string;
  atRiskAt: string;
  /** When the first response or the resolution came. */
  doneAt?: string;
}

const MINUTE_MS = 60_000;

/** The at-risk instant of a clock started at `start` with `targetMinutes` (rounded to the millisecond). */
export function atRiskInstant(start: Date, targetMinutes: number, atRiskPercent: number): Date {
  return new Date(start.getTime() + Math.round((targetMinutes * MINUTE_MS * atRiskPercent) / 100));
}

/** The state of an unfinished clock at `now`. */
export function openClockState(dueAt: Date, atRiskAt: Date, now: Date): QueueSlaState {
  if (now.getTime() > dueAt.getTime()) return 'breached';
  if (now.getTime() >= atRiskAt.getTime()) return 'at_risk';
  return 'running';
}

export function slaClock(startAt: string, targetMinutes: number, atRiskPercent: number, doneAt: string | undefined, now: Date): SlaClock {
  const start = new Date(startAt);
  const due = new Date(start.getTime() + targetMinutes * MINUTE_MS);
  const atRisk = atRiskInstant(start, targetMinutes, atRiskPercent);
  const end = doneAt ? new Date(doneAt) : now;
  const elapsedMinutes = Math.max(0, Math.floor((end.getTime() - start.getTime()) / MINUTE_MS));
  const state: SlaState = doneAt ? (end.getTime() <= due.getTime() ? 'met' : 'breached') : openClockState(due, atRisk, now);
  return { state, targetMinutes, elapsedMinutes, dueAt: due.toISOString(), atRiskAt: atRisk.toISOString(), ...(doneAt ? { doneAt } : {}) };
}

/** A ticket's two clocks. */
export interface TicketSlaView {
  firstResponse: SlaClock;
  resolution: SlaClock;
}

/** The fields of a ticket the clocks read. */
export interface SlaSubject {
  createdAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  slaTargets?: TicketSla;
}

/** Both clocks of a ticket at `now`; none for a ticket opened before SLAs existed (it carries no targets). */
export function ticketSlaView(ticket: SlaSubject, now: Date): TicketSlaView | undefined {
  const sla = ticket.slaTargets;
  if (!sla) return undefined;
  return {
    firstResponse: slaClock(ticket.createdAt, sla.firstResponseMinutes, sla.atRiskPercent, ticket.firstResponseAt, now),
    resolution: slaClock(ticket.createdAt, sla.resolutionMinutes, sla.atRiskPercent, ticket.resolvedAt, now),
  };
}

/**
 * Where a ticket stands in the queue: the clock it races now — the first response until it comes, then
 * the resolution — as its due and at-risk instants. None for a ticket out of the queue (resolved or
 * later) or without targets.
 */
export function queueClock(ticket: SlaSubject & { status: string }): { dueAt: string; atRiskAt: string } | undefined {
  const sla = ticket.slaTargets;
  if (!sla || (ticket.status !== 'open' && ticket.status !== 'in_progress')) return undefined;
  const start = new Date(ticket.createdAt);
  const target = ticket.firstResponseAt ? sla.resolutionMinutes : sla.firstResponseMinutes;
  return {
    dueAt: new Date(start.getTime() + target * MINUTE_MS).toISOString(),
    atRiskAt: atRiskInstant(start, target, sla.atRiskPercent).toISOString(),
  };
}
