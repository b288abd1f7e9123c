import { catalogueView, effectiveCatalogue, recommendPackage, validateCatalogue, type CatalogueItem, type CatalogueView } from './packages';
import type { CatalogueStore } from '../ports';
import type { BillingSettings } from '../billing/settings';
import { type LedgerDeps, whole, customerOrThrow } from '../hours/commit';
import { averageMonthlyBillableMinutes } from '../hours/reads';

/** The package catalogue's use cases: what is on sale (with a recommendation for an account), finance's view and edits. */
/** Why a package is recommended: the average it covers about three months of, over how many months. */
export interface PackageRecommendation {
  packageId: string;
  averageMonthlyMinutes: number;
  months: number;
}

/**
 * `GET /packages`: the catalogue on sale, and for an account the package that fits its consumption
 * (`recommended`, its id; `recommendation`, the same with the average behind it).
 */
export async function listPackages(
  deps: Pick<LedgerDeps, 'ledger' | 'accounts' | 'now'> & { catalogue: CatalogueStore },
  customerId: string | undefined,
): Promise<{ items: CatalogueView[]; recommended?: string; recommendation?: PackageRecommendation }> {
  const catalogue = effectiveCatalogue(await deps.catalogue.stored());
  const items = catalogue.filter((i) => i.active).map(catalogueView);
  if (!customerId) return { items };
  const average = await averageMonthlyBillableMinutes(deps, await customerOrThrow(deps, customerId));
  const recommended = average === undefined ? undefined : recommendPackage(catalogue, average.minutes);
  if (!recommended || !average) return { items };
  return { items, recommended, recommendation: { packageId: recommended, averageMonthlyMinutes: average.minutes, months: average.months } };
}

/** The whole catalogue as finance sees it: withdrawn packages too. */
export async function listCatalogue(deps: { catalogue: CatalogueStore }): Promise<(CatalogueItem & CatalogueView)[]> {
  return effectiveCatalogue(await deps.catalogue.stored()).map((i) => ({ ...i, ...catalogueView(i) }));
}

/** Finance edits one catalogue item (new id: a new package); the whole catalogue must still follow the rules. */
export async function putCatalogueItem(deps: { catalogue: CatalogueStore; settings: () => Promise<BillingSettings> }, item: CatalogueItem): Promise<CatalogueItem & CatalogueView> {
  whole('minutes', item.minutes, 1);
  whole('priceCents', item.priceCents, 0);
  const [settings, stored] = await Promise.all([deps.settings(), deps.catalogue.stored()]);
  const next = effectiveCatalogue([...stored.filter((i) => i.id !== item.id), item]);
  validateCatalogue(next, settings, item.id);
  await deps.catalogue.put(item);
  return { ...item, ...catalogueView(item) };
}
