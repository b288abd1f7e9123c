/**
 * Every key of the single table is built here and nowhere else.
 *
 * | access pattern                 | index | pk                    | sk                         | example                                   |
 * | ------------------------------ | ----- | --------------------- | -------------------------- | ----------------------------------------- |
 * | customer by id                 | table | `CUSTOMER#<id>`       | `PROFILE`                  | `CUSTOMER#c_01J…` / `PROFILE`             |
 * | customers by name (admin list) | gsi1  | `CUSTOMERS`           | `<name lowercased>#<id>`   | `CUSTOMERS` / `alfa srl#c_01J…`           |
 * | user by subject (token `sub`)  | table | `USER#<sub>`          | `PROFILE`                  | `USER#7d0c…` / `PROFILE`                  |
 * | username → its current subject | table | `USERNAME#<lowercased>` | `USERNAME`               | `USERNAME#alfa` / `USERNAME` (`sub`)      |
 * | ledger entries of an account   | table | `CUSTOMER#<id>`       | `ENTRY#<iso time>#<id>`    | `CUSTOMER#c_01J…` / `ENTRY#2026-11-25T…`  |
 * | buckets of an account (ledger) | table | `CUSTOMER#<id>`       | `BUCKET#FREE`, `BUCKET#PKG#<pkg id>`, `BUCKET#CONS#<YYYY-MM>` | one Query on `BUCKET#` |
 * | settlement of a ticket         | table | `CUSTOMER#<id>`       | `SETTLE#<ticket id>`       | `CUSTOMER#c_ALFA` / `SETTLE#t_01J…`       |
 * | a settled revision (permanent) | table | `CUSTOMER#<id>`       | `SETTLE#<ticket id>#REV#<rev, 10 digits>` | `…/ SETTLE#t_01J…#REV#0000000003` |
 * | package order of an account    | table | `CUSTOMER#<id>`       | `ORDER#<order id>`         | `CUSTOMER#c_ALFA` / `ORDER#o_01J…`        |
 * | billable entries by position   | gsi1  | `BILLABLE`            | `<at>#<entry id>`          | `BILLABLE` / `2026-11-25T…#e_01J…` (consuntivo + purchase entries; never moved: exports read ranges of it) |
 * | an export (immutable record)   | table | `EXPORT#<id>`         | `EXPORT`                   | `EXPORT#x_01J…` / `EXPORT`                |
 * | exports, newest first          | gsi1  | `EXPORTS`             | `<createdAt>#<id>`         | `EXPORTS` / `2026-12-01T01:00…#x_01J…`    |
 * | the exports' watermark         | table | `EXPORTS`             | `HEAD`                     | `EXPORTS` / `HEAD` (`latestThrough`, `latestId`) |
 * | packages awaiting expiry       | gsi2  | `PACKAGES#EXPIRY`     | `<expiresAt>#<customer id>#<pkg id>` | sparse: removed once expired    |
 * | package catalogue (overrides)  | table | `CATALOGUE`           | `PACKAGE#<id>`             | `CATALOGUE` / `PACKAGE#pkg_10h`           |
 * | installation settings          | table | `SETTINGS`            | `BILLING`                  | `SETTINGS` / `BILLING`                    |
 * | the ISP's fiscal data          | table | `SETTINGS`            | `EINVOICING`               | `SETTINGS` / `EINVOICING`                 |
 * | last invoice number of a year  | table | `COUNTER#INVOICE#<series>#<y>` | `COUNTER`         | `COUNTER#INVOICE#FE#2026` / `COUNTER` (`last`) |
 * | last SDI file progressive      | table | `COUNTER#SDIFILE#<transmitter>` | `COUNTER`        | `COUNTER#SDIFILE#IT01234567897` / `COUNTER` (`last`) |
 * | idempotency key of a caller    | table | `IDEM#<scope>#<key>`  | `IDEM`                     | `IDEM#c_ALFA#9f1c…` / `IDEM`              |
 * | customer email by notice id    | table | `EMAIL#<notice id>`   | `EMAIL`                    | `EMAIL#ticket-billable:t_01J…:1` / `EMAIL`|
 * | ticket by id, with its history | table | `TICKET#<id>`         | `TICKET`, `MSG#<at>#<id>`, `WORK#<at>#<id>` | `TICKET#t_01J…` (one Query) |
 * | ticket by number               | table | `TICKETNO#<number>`   | `TICKETNO`                 | `TICKETNO#T-2026-000123` / `TICKETNO`     |
 * | next ticket number of a year   | table | `COUNTER#TICKET#<y>`  | `COUNTER`                  | `COUNTER#TICKET#2026` / `COUNTER` (ADD)   |
 * | tickets of an account, newest  | gsi1  | `ACCOUNT#<id>#TICKETS`| `<createdAt>#<ticket id>`  | `ACCOUNT#c_ALFA#TICKETS` / `2026-11-25T…#t_01J…` |
 * | tickets by status, all accounts| gsi2  | `TICKETS#<status>`    | `<createdAt>#<ticket id>`  | `TICKETS#open` / `2026-11-25T…#t_01J…`    |
 * | incident by id                 | table | `INCIDENT#<id>`       | `INCIDENT`                 | `INCIDENT#i_01J…` / `INCIDENT`            |
 * | incidents covering an account  | table | `CUSTOMER#<id>`       | `INCIDENT#<startedAt>#<id>`| `CUSTOMER#c_ALFA` / `INCIDENT#2026-11-25T…#i_01J…` |
 * | incidents by status, newest    | gsi1  | `INCIDENTS#<status>`  | `<startedAt>#<id>`         | `INCIDENTS#active` / `2026-11-25T…#i_01J…` (closing moves it) |
 * | tickets needing a supervisor   | table | `ATTENTION`           | `<ticket id>`              | `ATTENTION` / `t_01J…` (put with the flag, deleted with the re-run; reads re-check the ticket) |
 *
 * Every ticket list sorts on `<createdAt>#<ticket id>` and pages with `sk < <last returned>`, so a page
 * boundary is a position, not an item: tickets added meanwhile land above it and nothing repeats or is
 * skipped. Staff's list of every account merges the status partitions of gsi2 (five Queries, no Scan).
 * "Incidents active for an account at t" is one Query on the account's `INCIDENT#` range up to t, keeping
 * the records whose `closedAt` is absent or after t.
 */
export const keys = {
  customer: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'PROFILE' }),
  customerByName: (name: string, id: string) => ({ gsi1pk: 'CUSTOMERS', gsi1sk: `${name.toLowerCase()}#${id}` }),
  /** The user record, by the token's subject: what every request's caller is resolved from. */
  user: (sub: string) => ({ pk: `USER#${sub}`, sk: 'PROFILE' }),
  /** Which subject holds a username now (usernames are case-insensitive in the pool). */
  username: (username: string) => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' }),
  email: (noticeId: string) => ({ pk: `EMAIL#${noticeId}`, sk: 'EMAIL' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  ledgerEntry: (customerId: string, at: string, id: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `ENTRY#${at}#${id}` }),
  /** The sort-key bounds of an account's entries with from ≤ at < to (ISO strings sort as times). */
  ledgerEntryRange: (from: string | undefined, to: string | undefined) => ({ lo: `ENTRY#${from ?? ''}`, hi: to ? `ENTRY#${to}` : 'ENTRY#~' }),
  ledgerBucketPrefix: 'BUCKET#',
  ledgerBucket: (customerId: string, ref: { bucket: 'free' | 'package' | 'consuntivo'; packageId?: string; period?: string }) => ({
    pk: `CUSTOMER#${customerId}`,
    sk: ref.bucket === 'free' ? 'BUCKET#FREE' : ref.bucket === 'package' ? `BUCKET#PKG#${ref.packageId}` : `BUCKET#CONS#${ref.period}`,
  }),
  settlement: (customerId: string, ticketId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `SETTLE#${ticketId}` }),
  settleRecord: (customerId: string, ticketId: string, revision: number) => ({ pk: `CUSTOMER#${customerId}`, sk: `SETTLE#${ticketId}#REV#${String(revision).padStart(10, '0')}` }),
  packageOrder: (customerId: string, orderId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `ORDER#${orderId}` }),
  /**
   * gsi1: a billable entry (consuntivo or purchase) at its position `<at>#<entry id>`, in ONE partition
   * that is only ever appended to: an export reads the range (previous through, through] of it.
   */
  billableEntry: (at: string, entryId: string) => ({ gsi1pk: 'BILLABLE', gsi1sk: `${at}#${entryId}` }),
  exportRecord: (id: string) => ({ pk: `EXPORT#${id}`, sk: 'EXPORT' }),
  /** gsi1: every finished export, newest first. */
  exportListed: (createdAt: string, id: string) => ({ gsi1pk: 'EXPORTS', gsi1sk: `${createdAt}#${id}` }),
  /** The one item that says where the exports have reached: the latest export and its through. */
  exportsHead: () => ({ pk: 'EXPORTS', sk: 'HEAD' }),
  /** gsi2, sparse: a package the expiry job has still to look at. */
  packageExpiry: (expiresAt: string, customerId: string, packageId: string) => ({ gsi2pk: 'PACKAGES#EXPIRY', gsi2sk: `${expiresAt}#${customerId}#${packageId}` }),
  /** The gsi2 sort-key bound of packages with expiresAt ≤ at ('~' sorts after every id character). */
  packageExpiryUpTo: (at: string) => `${at}#~`,
  catalogueItem: (id: string) => ({ pk: 'CATALOGUE', sk: `PACKAGE#${id}` }),
  settings: () => ({ pk: 'SETTINGS', sk: 'BILLING' }),
  einvoicingSettings: () => ({ pk: 'SETTINGS', sk: 'EINVOICING' }),
  /** The last invoice number an export took in a series and year (moved only with an export's commit). */
  invoiceCounter: (series: string, year: number) => ({ pk: `COUNTER#INVOICE#${series}#${year}`, sk: 'COUNTER' }),
  /** The last SDI file progressive of a transmitter (files are named by it; it never restarts). */
  draftFileCounter: (transmitterId: string) => ({ pk: `COUNTER#SDIFILE#${transmitterId}`, sk: 'COUNTER' }),
  ticket: (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' }),
  ticketMessage: (ticketId: string, at: string, id: string) => ({ pk: `TICKET#${ticketId}`, sk: `MSG#${at}#${id}` }),
  ticketWorklog: (ticketId: string, at: string, id: string) => ({ pk: `TICKET#${ticketId}`, sk: `WORK#${at}#${id}` }),
  /** The sort-key prefixes of a ticket's messages and worklogs (each read alone with `begins_with`). */
  ticketMessagePrefix: 'MSG#',
  ticketWorklogPrefix: 'WORK#',
  ticketNumber: (number: string) => ({ pk: `TICKETNO#${number}`, sk: 'TICKETNO' }),
  ticketCounter: (year: number) => ({ pk: `COUNTER#TICKET#${year}`, sk: 'COUNTER' }),
  /** gsi1 partition: one account's tickets. */
  accountTickets: (customerId: string) => ({ gsi1pk: `ACCOUNT#${customerId}#TICKETS` }),
  /** gsi2 partition: one status across accounts (the technicians' queue). */
  statusTickets: (status: string) => ({ gsi2pk: `TICKETS#${status}` }),
  /** The sort key of every ticket list. */
  ticketListSk: (createdAt: string, id: string) => `${createdAt}#${id}`,
  incident: (id: string) => ({ pk: `INCIDENT#${id}`, sk: 'INCIDENT' }),
  incidentCoverage: (customerId: string, startedAt: string, incidentId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `INCIDENT#${startedAt}#${incidentId}` }),
  /** gsi1: an incident in the list of its status (`active` or `closed`), newest first. */
  incidentListed: (status: 'active' | 'closed', startedAt: string, id: string) => ({ gsi1pk: `INCIDENTS#${status}`, gsi1sk: `${startedAt}#${id}` }),
  /** A ticket flagged for attention: one marker per ticket, listed by a supervisor. */
  attentionMark: (ticketId: string) => ({ pk: 'ATTENTION', sk: ticketId }),
};
