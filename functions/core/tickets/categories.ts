/**
 * The request categories of the letter's "schema sintetico", with the classification a customer can
 * expect when opening a ticket. The diagnosis decides the final one (`attribution.ts`); this table is
 * the single definition both the API and the attribution rules read.
 */
import { CATEGORIES, type CategoryId, type Classification, type Locale } from '#contracts/vocabulary';

/** The table itself is the wire's vocabulary (`contracts/vocabulary.ts`): the portal shows the same labels. */
export { CATEGORIES, CATEGORY_IDS, type CategoryId, type Classification } from '#contracts/vocabulary';

export interface Category {
  id: CategoryId;
  expected: Classification;
  label: Record<Locale, string>;
}

export function categoryById(id: CategoryId): Category {
  return CATEGORIES.find((c) => c.id === id)!;
}
