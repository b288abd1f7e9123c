/** Proves the attribution rules of docs/product.md case by case, and that every category × root cause is decided. */
import { describe, expect, it } from 'vitest';
import { attribute, ROOT_CAUSES, RULE_LABELS } from '../../functions/core/tickets/attribution';
import { CATEGORIES } from '../../functions/core/tickets/categories';

describe('attribute', () => {
  it.each([
    // the letter's paths
    ['configuration_change', 'none', false, 'billable', 'billable_request', 'billable-request'],
    ['service_fault', 'provider', false, 'included', 'provider_fault', 'root-cause-provider'],
    ['service_fault', 'customer', false, 'billable', 'customer_cause', 'root-cause-customer'],
    ['service_fault', 'third_party', false, 'billable', 'third_party_cause', 'root-cause-third-party'],
    ['service_information', 'none', false, 'included', 'service_information', 'information-request'],
    ['service_fault', 'none', false, 'included', 'diagnostic_check', 'no-fault-found'],
    // a change needed to repair our own mistake is ours, whatever the category
    ['configuration_change', 'provider', false, 'included', 'provider_fault', 'root-cause-provider'],
    ['onsite_extra', 'customer', false, 'billable', 'customer_cause', 'root-cause-customer'],
    // an incident at opening wins over any root cause
    ['service_fault', 'customer', true, 'included', 'incident', 'incident-at-opening'],
    ['feature_activation', 'none', true, 'included', 'incident', 'incident-at-opening'],
  ] as const)('%s + %s (incident %s) → %s %s by %s', (category, rootCause, incidentAtOpening, kind, reason, rule) => {
    expect(attribute({ category, rootCause, incidentAtOpening })).toEqual({ kind, reason, rule });
  });

  it('an accepted contest makes any ticket included', () => {
    expect(attribute({ category: 'consulting', rootCause: 'customer', incidentAtOpening: false, contestAccepted: true })).toEqual({
      kind: 'included',
      reason: 'contest_accepted',
      rule: 'contest-accepted',
    });
  });

  it('every category × root cause has a decision with a labelled rule', () => {
    for (const c of CATEGORIES) {
      for (const rootCause of ROOT_CAUSES) {
        const result = attribute({ category: c.id, rootCause, incidentAtOpening: false });
        expect(RULE_LABELS[result.rule].it.length).toBeGreaterThan(0);
        if (rootCause === 'none') expect(result.kind).toBe(c.expected);
      }
    }
  });
});
