/**
 * The request categories of the letter's "schema sintetico", with the classification a customer can
 * expect when opening a ticket. The diagnosis decides the final one (`attribution.ts`); this table is
 * the single definition both the API and the attribution rules read.
 */
export type Classification = 'included' | 'billable';

export interface Category {
  id: CategoryId;
  expected: Classification;
  label: { it: string; en: string };
}

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
] as const satisfies readonly { id: string; expected: Classification; label: { it: string; en: string } }[];

export type CategoryId = (typeof CATEGORIES)[number]['id'];

export const CATEGORY_IDS = CATEGORIES.map((c) => c.id) as [CategoryId, ...CategoryId[]];

export function categoryById(id: CategoryId): Category {
  return CATEGORIES.find((c) => c.id === id)!;
}
