import { categoryById, type CategoryId, type Classification } from './categories';

/**
 * Fault attribution (PRODUCT.md): at resolution the technician records the root cause; these rules turn
 * root cause × category × incident into the final classification, with the reason the customer reads
 * and the name of the rule that decided. First match wins, in this order:
 *
 * | rule                       | when                                                  | → kind     | reason              |
 * | -------------------------- | ----------------------------------------------------- | ---------- | ------------------- |
 * | `contest-accepted`         | a supervisor accepted the customer's contest          | included   | `contest_accepted`  |
 * | `incident-at-opening`      | an incident covered the account when it was opened    | included   | `incident`          |
 * | `root-cause-provider`      | root cause `provider`                                 | included   | `provider_fault`    |
 * | `root-cause-customer`      | root cause `customer`                                 | billable   | `customer_cause`    |
 * | `root-cause-third-party`   | root cause `third_party`                              | billable   | `third_party_cause` |
 * | `information-request`      | root cause `none`, category `service_information`     | included   | `service_information` |
 * | `no-fault-found`           | root cause `none`, any other included category        | included   | `diagnostic_check`  |
 * | `billable-request`         | root cause `none`, a billable category                | billable   | `billable_request`  |
 *
 * `no-fault-found` is ours: PRODUCT.md reads "every other request is billable", but a fault report in an
 * included category where the checks find nothing is a diagnostic check, which the letter lists as
 * always included ("controlli diagnostici e verifiche sui sistemi gestiti").
 */
export const ROOT_CAUSES = ['provider', 'customer', 'third_party', 'none'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export type Reason =
  | 'provider_fault'
  | 'incident'
  | 'customer_cause'
  | 'third_party_cause'
  | 'service_information'
  | 'diagnostic_check'
  | 'billable_request'
  | 'contest_accepted';

export type RuleName =
  | 'contest-accepted'
  | 'incident-at-opening'
  | 'root-cause-provider'
  | 'root-cause-customer'
  | 'root-cause-third-party'
  | 'information-request'
  | 'no-fault-found'
  | 'billable-request';

export interface TicketClassification {
  kind: Classification;
  reason: Reason;
  rule: RuleName;
}

export interface AttributionInput {
  category: CategoryId;
  rootCause: RootCause;
  /** An incident covering the account was open when the ticket was opened. */
  incidentAtOpening: boolean;
  /** A supervisor accepted the customer's contest of a billable classification. */
  contestAccepted?: boolean;
}

export function attribute(input: AttributionInput): TicketClassification {
  if (input.contestAccepted) return { kind: 'included', reason: 'contest_accepted', rule: 'contest-accepted' };
  if (input.incidentAtOpening) return { kind: 'included', reason: 'incident', rule: 'incident-at-opening' };
  switch (input.rootCause) {
    case 'provider':
      return { kind: 'included', reason: 'provider_fault', rule: 'root-cause-provider' };
    case 'customer':
      return { kind: 'billable', reason: 'customer_cause', rule: 'root-cause-customer' };
    case 'third_party':
      return { kind: 'billable', reason: 'third_party_cause', rule: 'root-cause-third-party' };
    case 'none':
      if (input.category === 'service_information') return { kind: 'included', reason: 'service_information', rule: 'information-request' };
      return categoryById(input.category).expected === 'included'
        ? { kind: 'included', reason: 'diagnostic_check', rule: 'no-fault-found' }
        : { kind: 'billable', reason: 'billable_request', rule: 'billable-request' };
  }
}

/** What each rule means, for the customer (portal, emails). */
export const RULE_LABELS: Record<RuleName, { it: string; en: string }> = {
  'contest-accepted': { it: 'Contestazione accolta dal supervisore', en: 'Contest accepted by a supervisor' },
  'incident-at-opening': { it: 'Ticket aperto durante un disservizio di rete che riguarda il tuo account', en: 'Opened during a network incident affecting your account' },
  'root-cause-provider': { it: 'Causa imputabile alla nostra infrastruttura, configurazione o azione', en: 'Caused by our infrastructure, configuration or action' },
  'root-cause-customer': { it: 'Causa cliente: apparati, rete o software del cliente', en: "Customer cause: the customer's equipment, network or software" },
  'root-cause-third-party': { it: 'Causa di componenti terze non a nostro carico', en: 'Caused by a third-party component not under our care' },
  'information-request': { it: 'Richiesta di informazioni sul servizio', en: 'Request for information about the service' },
  'no-fault-found': { it: 'Controlli diagnostici senza guasti riscontrati', en: 'Diagnostic checks, no fault found' },
  'billable-request': { it: 'Richiesta a valore aggiunto secondo lo schema sintetico', en: 'Value-added request per the support schema' },
};
