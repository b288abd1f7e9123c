import { categoryById, type CategoryId } from './categories';
import type { Ticket, ConsuntivoConsent } from './tickets';
import type { TicketSla } from './sla';

/** A new ticket: its record as opened, and its number (`T-<year>-<sequence>`). */
export interface NewTicketInput {
  category: CategoryId;
  subject: string;
  description: string;
  onSite?: boolean;
  /** `true` when the customer agreed to be billed a consuntivo; required when nothing prepaid is left. */
  consentToConsuntivo?: boolean;
}

export interface NewTicketContext {
  id: string;
  number: string;
  customerId: string;
  openedBy: string;
  now: Date;
  incidentId?: string;
  consuntivoConsent?: ConsuntivoConsent;
  slaTargets?: TicketSla;
}

export function newTicket(input: NewTicketInput, ctx: NewTicketContext): Ticket {
  return {
    id: ctx.id,
    number: ctx.number,
    customerId: ctx.customerId,
    category: input.category,
    subject: input.subject,
    description: input.description,
    onSite: input.onSite ?? false,
    status: 'open',
    expectedClassification: categoryById(input.category).expected,
    loggedMinutes: 0,
    billableMinutes: 0,
    charges: [],
    createdAt: ctx.now.toISOString(),
    ...(ctx.incidentId ? { incidentId: ctx.incidentId } : {}),
    openedBy: ctx.openedBy,
    revision: 1,
    round: 1,
    ...(ctx.consuntivoConsent ? { consuntivoConsent: ctx.consuntivoConsent } : {}),
    ...(ctx.slaTargets ? { slaTargets: ctx.slaTargets } : {}),
  };
}

/** Ticket numbers restart every year, by the provider's calendar (Europe/Rome). */
export function ticketYear(now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
}

/** `T-2026-000123`: year and a per-year sequence, zero-padded to six digits (longer past 999,999). */
export function ticketNumber(year: number, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`ticket sequence must be a positive integer, got ${sequence}`);
  return `T-${year}-${String(sequence).padStart(6, '0')}`;
}
