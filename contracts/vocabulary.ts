/**
 * The words the wire carries: every enum a request or a response can hold, and the limits a client can
 * check before sending. The server's domain (`functions/core`) takes these from here, so a value is
 * defined once for the server, the portal, the tests and the OpenAPI document. Pure data: imports nothing.
 */

/** The five roles (docs/product.md); each is a Cognito group of the same name. */
export const ROLES = ['customer', 'technician', 'supervisor', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['technician', 'supervisor', 'finance', 'admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The languages an account is served in; Italian first. */
export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const CLASSIFICATIONS = ['included', 'billable'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * The request categories of the letter's "schema sintetico", with the classification a customer can
 * expect when opening a ticket. The diagnosis decides the final one (`functions/core/tickets/attribution.ts`).
 */
export const CATEGORIES = [
  { id: 'service_fault', expected: 'included', label: { it: 'Guasti o disservizi legati al servizio acquistato', en: 'Fault or outage of the purchased service' } },
  { id: 'provider_network', expected: 'included', label: { it: 'Problemi imputabili alla nostra rete o a nostre azioni', en: "Problems caused by our network or our actions" } },
  { id: 'service_information', expected: 'included', label: { it: 'Informazioni sul servizio', en: 'Information about the service' } },
  { id: 'onsite_provider_fault', expected: 'included', label: { it: 'Interventi in sede cliente se legati a guasti imputabili a noi', en: 'On-site visit for a fault caused by us' } },
  { id: 'custom_configuration', expected: 'billable', label: { it: 'Richieste di configurazioni personalizzate', en: 'Custom configuration request' } },
  { id: 'configuration_change', expected: 'billable', label: { it: 'Cambi di configurazione', en: 'Configuration change' } },
  { id: 'feature_activation', expected: 'billable', label: { it: 'Attivazione di nuove funzionalità', en: 'Activation of new features' } },
  { id: 'non_provider_fault', expected: 'billable', label: { it: 'Guasti non imputabili ai nostri sistemi', en: 'Fault not attributable to our systems' } },
  { id: 'onsite_extra', expected: 'billable', label: { it: 'Interventi in sede cliente per attività extra', en: 'On-site visit for extra activities' } },
  { id: 'consulting', expected: 'billable', label: { it: 'Supporto consulenziale o richieste personalizzate (analisi, test, integrazioni, formazione)', en: 'Consulting or custom requests (analysis, tests, integrations, training)' } },
  { id: 'recurring_activity', expected: 'billable', label: { it: 'Attività ripetute o ricorrenti non previste nel contratto di base', en: 'Recurring activity not in the base contract' } },
] as const satisfies readonly { id: string; expected: Classification; label: Record<Locale, string> }[];
export type CategoryId = (typeof CATEGORIES)[number]['id'];
export const CATEGORY_IDS = CATEGORIES.map((c) => c.id) as [CategoryId, ...CategoryId[]];

/** `open` → `in_progress` (first staff action) → `resolved` → `closed`; `contested` while a contest waits. */
export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed', 'contested'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const WORKLOG_KINDS = ['remote', 'onsite'] as const;
export type WorklogKind = (typeof WORKLOG_KINDS)[number];

export const MESSAGE_AUTHORS = ['customer', 'staff'] as const;

/** What the technician records at resolution. */
export const ROOT_CAUSES = ['provider', 'customer', 'third_party', 'none'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/** Why a ticket got its classification. */
export const REASONS = [
  'provider_fault',
  'incident',
  'customer_cause',
  'third_party_cause',
  'service_information',
  'diagnostic_check',
  'billable_request',
  'contest_accepted',
  /** A supervisor reclassified the closed ticket (docs/product.md "Reclassification"). */
  'reclassified',
] as const;
export type Reason = (typeof REASONS)[number];

/** The attribution rule that decided a classification, shown to the customer with its label. */
export const RULES = [
  'contest-accepted',
  'incident-at-opening',
  'root-cause-provider',
  'root-cause-customer',
  'root-cause-third-party',
  'information-request',
  'no-fault-found',
  'billable-request',
  'supervisor-reclassified',
] as const;
export type RuleName = (typeof RULES)[number];

/** What each rule means, for the customer (portal, emails). */
export const RULE_LABELS: Record<RuleName, Record<Locale, string>> = {
  'contest-accepted': { it: 'Contestazione accolta dal supervisore', en: 'Contest accepted by a supervisor' },
  'incident-at-opening': { it: 'Ticket aperto durante un disservizio di rete che riguarda il tuo account', en: 'Opened during a network incident affecting your account' },
  'root-cause-provider': { it: 'Causa imputabile alla nostra infrastruttura, configurazione o azione', en: 'Caused by our infrastructure, configuration or action' },
  'root-cause-customer': { it: 'Causa cliente: apparati, rete o software del cliente', en: "Customer cause: the customer's equipment, network or software" },
  'root-cause-third-party': { it: 'Causa di componenti terze non a nostro carico', en: 'Caused by a third-party component not under our care' },
  'information-request': { it: 'Richiesta di informazioni sul servizio', en: 'Request for information about the service' },
  'no-fault-found': { it: 'Controlli diagnostici senza guasti riscontrati', en: 'Diagnostic checks, no fault found' },
  'billable-request': { it: 'Richiesta a valore aggiunto secondo lo schema sintetico', en: 'Value-added request per the support schema' },
  'supervisor-reclassified': { it: 'Riclassificato da un supervisore', en: 'Reclassified by a supervisor' },
};

export const CONTEST_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const CONTEST_DECISIONS = ['accepted', 'rejected'] as const;
export const ATTENTION_REASONS = ['failed', 'overdue'] as const;

/** The ledger's buckets: the free bank, one per package bought, one consuntivo per Europe/Rome month. */
export const BUCKETS = ['free', 'package', 'consuntivo'] as const;
export type BucketKind = (typeof BUCKETS)[number];
/** Why a ledger entry was written. */
export const ENTRY_REASONS = ['grant', 'purchase', 'consume', 'give_back', 'expire'] as const;
export type EntryReason = (typeof ENTRY_REASONS)[number];

export const INCIDENT_STATUSES = ['active', 'closed'] as const;

/** The rows of an invoice export. */
export const EXPORT_LINE_KINDS = ['consuntivo', 'purchase', 'credit', 'account_total', 'total'] as const;

/** Cognito's password policy for the user pool, and what `POST /admin/users` checks first. */
export const PASSWORD_POLICY = { minLength: 12, requireLowercase: true, requireDigits: true, requireUppercase: false, requireSymbols: false } as const;
/** An incident names at most this many accounts. */
export const MAX_INCIDENT_ACCOUNTS = 99;
/** Larger request bodies are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Lists: `?limit=` from 1 to `max`, `default` when absent. */
export const PAGE_SIZE = { default: 25, max: 100 } as const;

/** Who an account is to the tax authority (its drafts' CessionarioCommittente). */
export const SUBJECT_TYPES = ['company', 'individual_vat', 'consumer', 'public_administration'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
/** FatturaPA's RegimeFiscale codes (the ISP's own). */
export const REGIMI_FISCALI = ['RF01', 'RF02', 'RF04', 'RF05', 'RF06', 'RF07', 'RF08', 'RF09', 'RF10', 'RF11', 'RF12', 'RF13', 'RF14', 'RF15', 'RF16', 'RF17', 'RF18', 'RF19'] as const;
/** FatturaPA document types the drafts use: TD01 invoice, TD04 credit note. */
export const DOCUMENT_TYPES = ['TD01', 'TD04'] as const;

/**
 * A ticket's clock against one SLA target (first response, resolution): `running`, `at_risk` once the
 * target's at-risk share has elapsed, `breached` past the due instant, `met` when done by it.
 */
export const SLA_STATES = ['running', 'at_risk', 'breached', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];
/** The states a ticket still in the queue can be in (a met clock has left it). */
export const QUEUE_SLA_STATES = ['running', 'at_risk', 'breached'] as const;
export type QueueSlaState = (typeof QUEUE_SLA_STATES)[number];
/** The statuses the technicians' queue holds: tickets still to be worked (resolution leaves it). */
export const QUEUE_STATUSES = ['open', 'in_progress'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
/** SLA targets: whole minutes, at most a year. */
export const SLA_MAX_MINUTES = 525_600;
