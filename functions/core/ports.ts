import type { Customer, User } from './accounts/accounts';
import type { BucketState, CommitOutcome, LedgerEntry, LedgerTransaction, SettleRecord, TicketSettlement } from './ledger/ledger';
import type { CatalogueItem } from './catalogue/packages';
import type { BillingSettings } from './billing/settings';
import type { Role } from './accounts/roles';
import type { IdempotencyRecord, IdempotentResponse } from './idempotency';
import type { Incident } from './incidents/incidents';
import type { Message, Note, Ticket, TicketStatus, Worklog } from './tickets/tickets';
import type { TicketChange } from './tickets/changes';
import type { Email } from './notifications/email-layout';
import type { ExportFile, ExportRange, ExportRecord } from './exports/exports';
import type { ExportLine, LineContext } from './exports/lines';
import type { CustomerFiscalData, SupplierFiscalData } from './einvoicing/fiscal-data';

/**
 * The outbound ports: what the use cases need from the world. Adapters (`functions/adapters/`)
 * implement them on DynamoDB, Cognito, SES, S3 and Step Functions; tests may hand in fakes.
 *
 * One file on purpose (a little over 250 lines): it is the whole of what the core asks of the outside world,
 * read in one place, and the concepts' files import their ports from here without importing each other.
 * Split it per concern (`ports/tickets.ts`…) once it grows further.
 */
export interface AccountStore {
  /** Writes the customer and its opening ledger (free bucket and grant) atomically; fails if the id exists. */
  createCustomer(customer: Customer, opening: LedgerTransaction): Promise<void>;
  getCustomer(id: string): Promise<Customer | undefined>;
  /** The user record of a subject (the token's `sub`), in whatever state. */
  getUser(sub: string): Promise<User | undefined>;
  /** The record of the subject that holds this username now (case-insensitive). */
  getUserByUsername(username: string): Promise<User | undefined>;
  /**
   * Links a new Cognito subject to its role and account, and gives it the username. Never overwrites a
   * record: 409 if this subject has one already, or if the username moved meanwhile. A subject that
   * held the username before (its Cognito user was deleted) is retired in the same transaction.
   */
  createUser(user: User): Promise<void>;
  /** Changes a current (not retired) user's state or role; undefined when there is no such user. */
  updateUser(sub: string, change: UserChange, at: Date): Promise<User | undefined>;
  /** Sets (a value) or removes (null) fiscal fields of an account; undefined when there is no such account. */
  updateCustomer(id: string, change: CustomerChange, at: Date): Promise<Customer | undefined>;
  /** Accounts by name (case-insensitive), optionally those whose name starts with `prefix`: one index partition, paged. */
  listCustomers(query: { prefix?: string; limit: number; cursor?: string }): Promise<Page<Customer>>;
  /** Current users by username (disabled ones included, retired subjects not), optionally by a username prefix, paged. */
  listUsers(query: { prefix?: string; limit: number; cursor?: string }): Promise<Page<User>>;
}

/** What `PATCH /admin/customers/{id}` changes: a value sets the field, null removes it (name, billing email and locale are only set). */
export type CustomerChange = { [K in keyof (CustomerFiscalData & { vatNumber?: string })]?: (CustomerFiscalData & { vatNumber?: string })[K] | null } & Partial<
  Pick<Customer, 'name' | 'billingEmail' | 'locale'>
>;

/** The ISP's own fiscal data for the invoice drafts: one finance setting. */
export interface EInvoicingSettingsStore {
  supplier(): Promise<SupplierFiscalData | undefined>;
  putSupplier(supplier: SupplierFiscalData): Promise<void>;
}

/** Where the drafts of an export take their numbers: the series of a year and the transmitter's files. */
export interface DraftSeries {
  series: string;
  year: number;
  transmitterId: string;
}

/** The numbers an export's drafts take, committed with it: `count` numbers from `nextNumber` and `nextFile`. */
export interface NumberingClaim extends DraftSeries {
  nextNumber: number;
  nextFile: number;
  count: number;
}

export type UserChange = { enabled: true } | { enabled: false; signedOutAt: string } | { role: Role };

export interface NewIdentity {
  username: string;
  email: string;
  role: Role;
  /** Set as permanent when given; otherwise Cognito sends an invitation. */
  password?: string;
  /** Set as temporary (no invitation is sent): the first login must choose a new password. */
  temporaryPassword?: string;
}

export interface IdentityProvider {
  /** Creates the user in its role group and returns its immutable subject id. */
  createUser(identity: NewIdentity): Promise<{ sub: string }>;
  /** No new logins, and every refresh token revoked (existing access tokens live on until they expire). */
  disableUser(username: string): Promise<void>;
  enableUser(username: string): Promise<void>;
  /** Puts the user in the group of `role` and in no other role group (idempotent). */
  setRole(username: string, role: Role): Promise<void>;
}

export interface EmailSender {
  /**
   * Sends one email; returns the provider's message id. Throws `EmailNotSentError` (`core/notifications/send.ts`)
   * when the message certainly did not leave (refused, no connection); any other error means its fate is
   * unknown. It never retries a request whose outcome it cannot know (that could send twice).
   */
  send(to: string, email: Email): Promise<string>;
}

/**
 * The record of each customer email, so each is sent at most once (see `core/notifications/send.ts`). Its states:
 * `sending` (claimed, a lease that outlives the attempt), `released` (that attempt certainly sent nothing),
 * `sent` (final), `unconfirmed` (an attempt's outcome is unknown: final, never resent by the system).
 */
export interface EmailOutbox {
  /**
   * Claims a notice to send it: `claimed` (new or `released`), `sent`, `busy` (another attempt's lease
   * is live), `unconfirmed` (already, or now: a `sending` record whose lease lapsed is turned into it).
   */
  claim(noticeId: string, record: { to: string; subject: string; customerId: string }, now: Date): Promise<'claimed' | 'sent' | 'busy' | 'unconfirmed'>;
  markSent(noticeId: string, messageId: string, now: Date): Promise<void>;
  /** The send certainly failed: the next attempt may send (need not wait for the lease to lapse). */
  release(noticeId: string): Promise<void>;
  /** The send's outcome is unknown: never send this notice again; a person checks (`reason` says why). */
  markUnconfirmed(noticeId: string, reason: string, now: Date): Promise<void>;
}

/** One page of a list, newest first; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Reads the first response of an `Idempotency-Key` (see `core/idempotency.ts`); 409 when the body differs. */
export interface IdempotencyLog {
  replay(scope: string, key: string, hash: string, now: Date): Promise<IdempotentResponse | undefined>;
}

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

/** What the store keeps per affected account, enough to tell whether an incident covered a moment. */
export interface IncidentCoverage {
  incidentId: string;
  startedAt: string;
  closedAt?: string;
  /** The incident's title, copied onto the record so the account's banner needs no second read. */
  title?: string;
}

export interface IncidentStore {
  /** Writes the incident and one coverage record per account in one transaction. */
  create(incident: Incident): Promise<void>;
  get(id: string): Promise<Incident | undefined>;
  /** Closes the incident and its coverage records in one transaction; `already-closed` if it was. */
  close(incident: Incident): Promise<'closed' | 'already-closed'>;
  /** The coverage records of an account for incidents started at or before `at`. */
  recordsFor(customerId: string, at: Date): Promise<IncidentCoverage[]>;
  /** Which of these customer ids name no account. */
  unknownCustomers(ids: readonly string[]): Promise<string[]>;
  /** Active incidents newest first, then closed ones newest first; `cursor` is a position this returned. */
  list(query: { limit: number; cursor?: string }): Promise<Page<Incident>>;
}

/** A page of ledger entries, newest first. */
export interface EntryPage {
  /** `ticketNumber`: added by `listLedger` for the entries of a ticket, when the ticket store is at hand. */
  items: (LedgerEntry & { ticketNumber?: string })[];
  nextCursor?: string;
}

/**
 * Where the hours ledger lives (`core/ledger/ledger.ts` says what it guarantees). Reads are strongly consistent;
 * `commit` is all or nothing.
 */
export interface LedgerStore {
  /** Every bucket of an account. */
  buckets(customerId: string): Promise<BucketState[]>;
  settlement(customerId: string, ticketId: string): Promise<TicketSettlement | undefined>;
  settleRecord(customerId: string, ticketId: string, revision: number): Promise<SettleRecord | undefined>;
  /**
   * Commits the transaction iff every guard holds and its once-only records (settle record, order,
   * idempotency key) are new: `duplicate` when one of those exists, `conflict` when a guard failed or a
   * concurrent transaction got in the way (read again, plan again). Nothing is written unless `committed`.
   */
  commit(tx: LedgerTransaction, now: Date): Promise<CommitOutcome>;
  /** An account's entries with `from ≤ at < to`, newest first. */
  entries(customerId: string, query: { from?: string; to?: string; limit: number; cursor?: string }): Promise<EntryPage>;
  /** The packages still listed for the expiry job whose `expiresAt ≤ at`. */
  packagesToExpire(at: Date): Promise<{ customerId: string; packageId: string }[]>;
  /** The first response of an `Idempotency-Key` in `scope`; 409 when the body differs (`core/idempotency.ts`). */
  replay(scope: string, key: string, hash: string, now: Date): Promise<{ status: number; body: unknown } | undefined>;
}

/** What reconcile recomputes: an account's buckets, entries and settlements. */
export interface LedgerSnapshot {
  customerId: string;
  buckets: BucketState[];
  entries: LedgerEntry[];
  settlements: TicketSettlement[];
}

/** Everything the ledger holds, read for reconcile (never on a request path). */
export interface LedgerAudit {
  /** One account. */
  account(customerId: string): Promise<LedgerSnapshot>;
  /** Every account that has ledger items. */
  accounts(): AsyncIterable<LedgerSnapshot>;
}

/** Finance's edits of the package catalogue (overlaying `DEFAULT_CATALOGUE`). */
export interface CatalogueStore {
  stored(): Promise<CatalogueItem[]>;
  put(item: CatalogueItem): Promise<void>;
}

/** The installation's overrides of `DEFAULT_SETTINGS`. */
export interface SettingsStore {
  overrides(): Promise<Partial<BillingSettings>>;
}

/** Where invoice exports live, and how the billable entries of a range are read (`core/exports/exports.ts`). */
export interface ExportStore {
  /** The latest export and its `through` (the position the next export starts after), read consistently. */
  head(): Promise<{ latestId?: string; latestThrough?: string }>;
  /** The billable entries with from < position ≤ through, by position, a page at a time, each with what its line shows. */
  range(range: ExportRange): AsyncIterable<{ entry: LedgerEntry; context: LineContext }[]>;
  /**
   * Puts the immutable record and moves the head to its `through`, in one transaction, iff the head is
   * still at the record's `from` (X1); `lost` when another export got there first (nothing written). With
   * `numbering`, the same transaction moves the invoice series and the file progressive past the numbers
   * the drafts took, iff they are still where `numbering()` found them: never skipped, never repeated.
   */
  commit(record: ExportRecord, numbering?: NumberingClaim): Promise<'committed' | 'lost'>;
  /** The next invoice number of the series' year and the next file progressive of the transmitter (1-based), read consistently. */
  numbering(series: DraftSeries): Promise<{ nextNumber: number; nextFile: number }>;
  get(id: string): Promise<ExportRecord | undefined>;
  /** Exports, newest first. */
  list(query: { limit: number; cursor?: string }): Promise<Page<ExportRecord>>;
}

/** The export files (S3): written as a stream, downloaded by the client straight from the store. */
export interface ExportFiles {
  /** Writes the CSV and the JSON of an export from its lines, in one pass, a page of lines at a time. */
  write(prefix: string, header: { id: string; from?: string; through: string; createdAt: string }, pages: AsyncIterable<readonly ExportLine[]>): Promise<{ csv: ExportFile; json: ExportFile }>;
  /**
   * A short-lived URL that downloads the file as `filename` with `contentType`; undefined when the file
   * is missing or not the size that was recorded (so a URL is never handed out for a damaged file).
   */
  link(file: ExportFile, download: { filename: string; contentType: string; expiresInSeconds: number }): Promise<string | undefined>;
  /**
   * Writes each draft as `<prefix>/<name>` and all of them, in order, into one ZIP (`<prefix>.zip`),
   * pulling one document at a time from `documents`.
   */
  writeDrafts(prefix: string, documents: Iterable<{ name: string; body: string }>): Promise<{ files: Map<string, ExportFile>; zip: ExportFile }>;
  writeJson(key: string, value: unknown): Promise<ExportFile>;
  /** A JSON file written by `writeJson`; undefined when it is missing. */
  readJson(file: ExportFile): Promise<unknown>;
}
