import type { IdempotencyRecord } from '../idempotency';
import type { Message, Note, Ticket, TicketStatus, Worklog } from '../tickets/tickets';
import type { TicketChange } from '../tickets/changes';
import type { Page } from './common';

/** Tickets: the ticket store, its history pages and what is appended to it. Re-exported by `../ports.ts`. */

export interface TicketQuery {
  /** One account (customers always; staff with `?customerId=`), or every account. */
  customerId?: string;
  status?: TicketStatus;
  limit: number;
  cursor?: string;
}

/** The two parts of a ticket's history, each paged on its own. */
export type HistoryKind = 'messages' | 'worklogs' | 'notes';
export type HistoryItem<K extends HistoryKind> = K extends 'messages' ? Message : K extends 'notes' ? Note : Worklog;

export interface TicketWithHistory {
  ticket: Ticket;
  /** The latest worklogs and messages, in no particular order. */
  worklogs: Worklog[];
  messages: Message[];
  worklogsNextCursor?: string;
  messagesNextCursor?: string;
}

/** What is appended to a ticket's history. */
export type TicketEntry = { message: Message } | { worklog: Worklog } | { note: Note };

export interface TicketStore {
  /** The next ticket sequence number of a year: atomic, so unique under any concurrency (gaps allowed). */
  nextSequence(year: number): Promise<number>;
  /**
   * Writes the ticket, the claim on its number and, when given, the idempotency record in one transaction;
   * `key-taken` when a concurrent request with the same key committed first (nothing is written).
   */
  create(ticket: Ticket, claim: IdempotencyRecord | undefined, now: Date): Promise<'created' | 'key-taken'>;
  /** The ticket record alone, strongly consistent. */
  get(id: string): Promise<Ticket | undefined>;
  /**
   * The ticket with its latest `historyLimit` worklogs and messages (so its response stays far below what
   * one Lambda response carries), and a cursor for each when older ones exist (`historyPage` reads them).
   */
  getWithHistory(id: string, historyLimit: number): Promise<TicketWithHistory | undefined>;
  /** A page of a ticket's messages or worklogs, newest first; the cursor is bound to that ticket and kind. */
  historyPage<K extends HistoryKind>(id: string, kind: K, query: { limit: number; cursor?: string }): Promise<Page<HistoryItem<K>>>;
  /** The numbers (`T-2026-000123`) of these tickets with their accounts, by id; unknown ids are absent. */
  numbers(ids: readonly string[]): Promise<Map<string, { number: string; customerId: string }>>;
  /** Every worklog of the ticket and nothing else (settlement and reconcile; one key-prefix Query). */
  worklogs(id: string): Promise<Worklog[]>;
  idByNumber(number: string): Promise<string | undefined>;
  /** Newest first; a cursor never repeats or skips a ticket, however many are added meanwhile. */
  list(query: TicketQuery): Promise<Page<Ticket>>;
  /**
   * Appends the entry and applies the change (status, first response, logged minutes) in one transaction,
   * only if the ticket's status is still `change.expectedStatus`; `stale` (nothing written) otherwise.
   */
  append(ticket: Ticket, change: TicketChange, entry: TicketEntry): Promise<'written' | 'stale'>;
}
