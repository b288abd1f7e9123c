import type { Page, TicketStore } from '../ports';
import { ticketSummary } from './views';
import { type TicketSummary } from './tickets';

/**
 * The tickets a supervisor has to look at: the workflow flagged them (`attention`: a step failed for good,
 * or the findings are overdue). The flag writes a marker with the ticket, a re-run deletes it; the list
 * reads the markers a page at a time and each ticket again, so a marker whose ticket has moved on (closed,
 * re-run) is never shown, and is dropped.
 */
export interface AttentionMark {
  ticketId: string;
  at: string;
}

export interface AttentionMarks {
  page(query: { limit: number; cursor?: string }): Promise<Page<AttentionMark>>;
  /** Deletes the marker if it is still this one (`at`). */
  drop(mark: AttentionMark): Promise<void>;
}

export async function listAttention(deps: { marks: AttentionMarks; tickets: Pick<TicketStore, 'get'> }, query: { limit: number; cursor?: string }): Promise<Page<TicketSummary>> {
  const page = await deps.marks.page(query);
  const tickets = await Promise.all(page.items.map((m) => deps.tickets.get(m.ticketId)));
  const items: TicketSummary[] = [];
  const stale: AttentionMark[] = [];
  page.items.forEach((mark, i) => {
    const t = tickets[i];
    if (t?.attention) items.push(ticketSummary(t));
    else stale.push(mark);
  });
  await Promise.all(stale.map((m) => deps.marks.drop(m)));
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
