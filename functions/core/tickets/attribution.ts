import type { Reason, RootCause, RuleName } from '#contracts/vocabulary';
import { categoryById, type CategoryId, type Classification } from './categories';

/**
 * Fault attribution (docs/product.md): at resolution the technician records the root cause; these rules turn
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
 * `no-fault-found` is ours: docs/product.md reads "every other request is billable", but a fault report in an
 * included category where the checks find nothing is a diagnostic check, which the letter lists as
 * always included ("controlli diagnostici e verifiche sui sistemi gestiti").
 */
/** Root causes, reasons and rule names are the wire's vocabulary (`contracts/vocabulary.ts`). */
export { ROOT_CAUSES, RULE_LABELS, type Reason, type RootCause, type RuleName } from '#contracts/vocabulary';

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

