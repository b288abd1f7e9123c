import type { Caller } from '../accounts/caller';
import { accountScope } from '../accounts/caller';
import { categoryById } from './categories';
import { conflict, forbidden, invalid } from '../errors';
import { type LedgerDeps } from '../hours/commit';
import { readBalance } from '../hours/reads';
import { newId } from '../ids';
import { requestHash, type IdempotentResponse } from '../idempotency';
import { coveringIncident } from '../incidents/incidents';
import type { HistoryItem, HistoryKind, IdempotencyLog, IncidentStore, Page, TicketEntry, TicketStore } from '../ports';
import { assertRevision } from './revision';
import { resolveSlaSettings, ticketSla } from './sla';
import type { SlaSettingsStore } from './sla-use-cases';
import { TICKET_HISTORY_LIMIT, type Message, type Note, type Ticket, type TicketStatus, type TicketSummary, type TicketView, type Worklog, type WorklogKind } from './tickets';
import { newTicket, ticketNumber, ticketYear, type NewTicketInput } from './new-ticket';
import { assertVisible, findVisibleTicket, ticketIdOf } from './lookup';
import { messageChange, worklogChange, type TicketChange } from './changes';
import { revisionFor, shownTo, ticketSummary, ticketView } from './views';

/**
 * The ticket use cases, each written as its primary course in steps. Handlers parse and map; these
 * decide; the stores persist with conditions that re-check what was decided on.
 */
export interface TicketDeps {
  tickets: TicketStore;
  incidents: Pick<IncidentStore, 'recordsFor'>;
  idempotency: IdempotencyLog;
  now: () => Date;
}

/** What opening a ticket also reads: the account's prepaid minutes and rate, for a billable category. */
export type OpenTicketDeps = TicketDeps & Pick<LedgerDeps, 'ledger' | 'accounts'> & { slaSettings: Pick<SlaSettingsStore, 'read'> };

/** The field a customer sets to agree to billable work a consuntivo. */
export const CONSENT_FIELD = 'consentToConsuntivo';

/**
 * Consent before consuntivo (PRODUCT.md, wave 2): a ticket in a billable category, opened when the account
 * has no free or package minutes left, needs the customer's consent to be billed at its hourly rate; it is
 * recorded (rate, time, user) whenever given on a billable category. Included categories never ask and
 * never record. Read before the write, so a refusal writes nothing.
 */
async function consuntivoConsent(deps: OpenTicketDeps, caller: Caller, customerId: string, input: NewTicketInput, now: Date): Promise<Ticket['consuntivoConsent']> {
  if (categoryById(input.category).expected !== 'billable') return undefined;
  const balance = await readBalance({ ...deps, now: () => now }, customerId);
  const prepaid = balance.freeMinutesRemaining + balance.packageMinutesRemaining;
  if (input.consentToConsuntivo === true) return { hourlyRateCents: balance.hourlyRateCents, at: now.toISOString(), by: caller.username };
  if (prepaid > 0) return undefined;
  throw invalid(`no free or package minutes are left: this billable request needs ${CONSENT_FIELD}: true to be worked a consuntivo at ${balance.hourlyRateCents} cents per hour`, [
    { path: CONSENT_FIELD, message: `must be true: no prepaid minutes are left, so the work is billed a consuntivo at ${balance.hourlyRateCents} cents per hour` },
  ]);
}

/** How often a message or worklog is re-decided when the ticket's status moved under it. */
const STALE_RETRIES = 5;

/**
 * Opens a ticket for the caller's account.
 * 1. A repeated Idempotency-Key with the same body returns the first response (before a number is taken).
 * 2. A billable request with nothing prepaid left needs the customer's consent (a 400 naming the field).
 * 3. Take the next number of the year and, at the same time, look for an incident covering the account
 *    and read the SLA targets its category is held to from now on.
 * 4. Write the ticket, its number and the idempotency record in one transaction.
 * 5. If a concurrent twin with the same key committed first, return its response instead.
 */
export async function openTicket(deps: OpenTicketDeps, caller: Caller, input: NewTicketInput, idempotencyKey: string | undefined): Promise<IdempotentResponse> {
  const customerId = caller.customerId;
  if (!customerId) throw forbidden('only customer users open tickets');
  const now = deps.now();
  const scope = `tickets:${caller.username}`;
  const hash = requestHash(input);
  if (idempotencyKey) {
    const earlier = await deps.idempotency.replay(scope, idempotencyKey, hash, now);
    if (earlier) return earlier;
  }
  const consent = await consuntivoConsent(deps, caller, customerId, input, now);
  const year = ticketYear(now);
  const [sequence, incidents, sla] = await Promise.all([deps.tickets.nextSequence(year), deps.incidents.recordsFor(customerId, now), deps.slaSettings.read()]);
  const incidentId = coveringIncident(incidents, now);
  const ticket = newTicket(input, {
    id: newId('t', now.getTime()),
    number: ticketNumber(year, sequence),
    customerId,
    openedBy: caller.username,
    now,
    ...(incidentId ? { incidentId } : {}),
    ...(consent ? { consuntivoConsent: consent } : {}),
    slaTargets: ticketSla(resolveSlaSettings(sla), input.category),
  });
  const response: IdempotentResponse = { status: 201, body: ticketView(ticket, [], []) };
  const claim = idempotencyKey ? { scope, key: idempotencyKey, hash, response } : undefined;
  if ((await deps.tickets.create(ticket, claim, now)) === 'created') return response;
  const winner = await deps.idempotency.replay(scope, idempotencyKey!, hash, now);
  if (!winner) throw new Error('idempotency key was taken but its record cannot be read');
  return winner;
}

/**
 * One ticket with its latest messages and worklogs (`TICKET_HISTORY_LIMIT` of each) and the cursors to
 * the older ones; another account's is not found.
 */
export async function getTicket(deps: Pick<TicketDeps, 'tickets'>, caller: Caller, rawId: string): Promise<TicketView> {
  const id = await ticketIdOf(deps, rawId);
  const staff = caller.role !== 'customer';
  // Internal notes are read only for staff, under their own key prefix: a customer's read never queries it.
  const [found, notes] = await Promise.all([
    id ? deps.tickets.getWithHistory(id, TICKET_HISTORY_LIMIT) : undefined,
    id && staff ? deps.tickets.historyPage(id, 'notes', { limit: TICKET_HISTORY_LIMIT }) : undefined,
  ]);
  const ticket = assertVisible(found?.ticket, caller, rawId);
  const view = ticketView(ticket, found!.worklogs.map((w) => shownTo(caller, w)), found!.messages.map((m) => shownTo(caller, m)), found!, notes ? { notes: notes.items, ...(notes.nextCursor ? { notesNextCursor: notes.nextCursor } : {}) } : undefined);
  return { ...view, ...revisionFor(caller, ticket) };
}

/**
 * A page of a ticket's messages or worklogs, newest first (`GET /tickets/{id}/messages`,
 * `GET /tickets/{id}/worklogs`): the ticket is found and checked as `GET /tickets/{id}` does (another
 * account's is not found), then its history is read from the cursor down.
 */
export async function listTicketHistory<K extends HistoryKind>(deps: Pick<TicketDeps, 'tickets'>, caller: Caller, rawId: string, kind: K, query: { limit: number; cursor?: string }): Promise<Page<HistoryItem<K>>> {
  const ticket = await findVisibleTicket(deps, caller, rawId);
  const page = await deps.tickets.historyPage(ticket.id, kind, query);
  return { ...page, items: page.items.map((i) => shownTo(caller, i)) };
}

export interface TicketListQuery {
  status?: TicketStatus;
  customerId?: string;
  limit: number;
  cursor?: string;
}

/** Customers list their own account; staff list all accounts or one (`customerId`), by status or not. */
export async function listTickets(deps: Pick<TicketDeps, 'tickets'>, caller: Caller, query: TicketListQuery): Promise<Page<TicketSummary>> {
  const customerId = accountScope(caller, query.customerId);
  const page = await deps.tickets.list({ limit: query.limit, ...(customerId ? { customerId } : {}), ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
  return { items: page.items.map((t) => ({ ...ticketSummary(t), ...revisionFor(caller, t) })), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  return { items: page.items.map((t) => ticketSummary(t)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * Appends a message or a worklog: read the ticket, decide the change (404, 409, the first response),
 * write it conditioned on the status it was decided on; if the status moved meanwhile, decide again.
 */
async function append<E extends TicketEntry>(
  deps: Pick<TicketDeps, 'tickets' | 'now'>,
  caller: Caller,
  rawId: string,
  decide: (ticket: Ticket, now: Date) => { change: TicketChange; entry: E },
  seenRevision?: number,
): Promise<E> {
  for (let attempt = 1; ; attempt++) {
    const ticket = await findVisibleTicket(deps, caller, rawId);
    // A writer that names the revision it saw is refused (409, what changed) when the ticket moved since.
    await assertRevision(deps, caller, ticket, seenRevision);
    const decided = decide(ticket, deps.now());
    const change = seenRevision === undefined ? decided.change : { ...decided.change, expectedRevision: seenRevision };
    if ((await deps.tickets.append(ticket, change, decided.entry)) === 'written') return decided.entry;
    if (attempt >= STALE_RETRIES) throw conflict(`ticket ${ticket.number} is changing too fast; try again`);
  }
}

export async function postMessage(deps: Pick<TicketDeps, 'tickets' | 'now'>, caller: Caller, rawId: string, body: string, seenRevision?: number): Promise<Message> {
  const author: Message['author'] = caller.role === 'customer' ? 'customer' : 'staff';
  const { message } = await append(
    deps,
    caller,
    rawId,
    (ticket, now) => ({
      change: messageChange(ticket, caller, now),
      entry: { message: { id: newId('m', now.getTime()), ticketId: ticket.id, at: now.toISOString(), by: caller.username, author, body, revision: ticket.revision + 1 } },
    }),
    seenRevision,
  );
  return shownTo(caller, message);
}

/** Logs whole minutes of work; the technician is the caller. */
export async function logWork(deps: Pick<TicketDeps, 'tickets' | 'now'>, caller: Caller, rawId: string, input: { minutes: number; kind: WorklogKind; note: string; revision?: number }): Promise<Worklog> {
  const { minutes, kind, note, revision: seenRevision } = input;
  const { worklog } = await append(
    deps,
    caller,
    rawId,
    (ticket, now) => ({
      change: worklogChange(ticket, minutes, now),
      entry: { worklog: { id: newId('w', now.getTime()), ticketId: ticket.id, at: now.toISOString(), by: caller.username, minutes, kind, note, revision: ticket.revision + 1 } },
    }),
    seenRevision,
  );
  return worklog;
}

/**
 * Writes an internal note (staff only): it changes nothing but the ticket's revision — no status, no
 * first response — and is kept under its own key prefix, so no customer read can pick it up. Taken in
 * any status, a closed ticket's included.
 */
export async function addNote(deps: Pick<TicketDeps, 'tickets' | 'now'>, caller: Caller, rawId: string, input: { body: string; revision?: number }): Promise<Note> {
  if (caller.role === 'customer') throw forbidden('internal notes are for staff');
  const { note } = await append(
    deps,
    caller,
    rawId,
    (ticket, now) => ({
      change: { expectedStatus: ticket.status },
      entry: { note: { id: newId('n', now.getTime()), ticketId: ticket.id, at: now.toISOString(), by: caller.username, body: input.body, revision: ticket.revision + 1 } },
    }),
    input.revision,
  );
  return note;
}
