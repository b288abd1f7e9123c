import { hourlyPriceCents } from '../billing/billing';
import { invalid } from '../errors';
import type { BillingSettings } from '../billing/settings';

/**
 * The package catalogue finance keeps: sizes in minutes and prices in cents. The defaults below are
 * always there; finance's edits are stored per id and overlay them (a default can be withdrawn with
 * `active: false`, a new size added under a new id). Rules on the catalogue as a whole, checked on every
 * edit: every hourly price is below the standard rate, and among packages on sale a bigger one never
 * costs more per hour (strictly less).
 */
export interface CatalogueItem {
  id: string;
  minutes: number;
  priceCents: number;
  /** On sale; withdrawn packages stay valid for those who bought them. */
  active: boolean;
}

/** What `GET /packages` lists. */
export interface CatalogueView {
  id: string;
  minutes: number;
  priceCents: number;
  hourlyPriceCents: number;
}

/** 5, 10, 20, 50 hours at 55, 52, 49 and 45 EUR per hour (the standard rate is 60). */
export const DEFAULT_CATALOGUE: readonly CatalogueItem[] = Object.freeze([
  { id: 'pkg_5h', minutes: 300, priceCents: 27_500, active: true },
  { id: 'pkg_10h', minutes: 600, priceCents: 52_000, active: true },
  { id: 'pkg_20h', minutes: 1_200, priceCents: 98_000, active: true },
  { id: 'pkg_50h', minutes: 3_000, priceCents: 225_000, active: true },
]);

/** The defaults overlaid with finance's stored items, smallest first. */
export function effectiveCatalogue(stored: readonly CatalogueItem[]): CatalogueItem[] {
  const byId = new Map(DEFAULT_CATALOGUE.map((i) => [i.id, { ...i }]));
  for (const item of stored) byId.set(item.id, { ...item });
  return [...byId.values()].sort((a, b) => a.minutes - b.minutes || a.id.localeCompare(b.id));
}

export const catalogueView = (item: CatalogueItem): CatalogueView => ({
  id: item.id,
  minutes: item.minutes,
  priceCents: item.priceCents,
  hourlyPriceCents: hourlyPriceCents(item.priceCents, item.minutes),
});

/** Checks the catalogue rules; the error names the field of `changedId`'s item that breaks them. */
export function validateCatalogue(items: readonly CatalogueItem[], settings: Pick<BillingSettings, 'standardHourlyRateCents'>, changedId: string): void {
  const onSale = items.filter((i) => i.active).sort((a, b) => a.minutes - b.minutes);
  for (const item of onSale) {
    const hourly = hourlyPriceCents(item.priceCents, item.minutes);
    if (hourly >= settings.standardHourlyRateCents) {
      throw invalid(`package ${item.id} would cost ${hourly} cents per hour, not below the standard rate of ${settings.standardHourlyRateCents}`, [
        { path: 'priceCents', message: `must make the hourly price below ${settings.standardHourlyRateCents} cents` },
      ]);
    }
  }
  for (let i = 1; i < onSale.length; i++) {
    const smaller = onSale[i - 1]!;
    const bigger = onSale[i]!;
    if (smaller.minutes === bigger.minutes) {
      throw invalid(`packages ${smaller.id} and ${bigger.id} are both ${bigger.minutes} minutes`, [{ path: 'minutes', message: 'another package on sale has this size' }]);
    }
    if (hourlyPriceCents(bigger.priceCents, bigger.minutes) >= hourlyPriceCents(smaller.priceCents, smaller.minutes)) {
      const field = bigger.id === changedId || smaller.id === changedId ? 'priceCents' : 'minutes';
      throw invalid(`package ${bigger.id} (${bigger.minutes} min) must cost less per hour than ${smaller.id} (${smaller.minutes} min)`, [
        { path: field, message: 'the hourly price must fall as the size grows' },
      ]);
    }
  }
}

/**
 * The package to recommend for an average monthly consumption: the smallest on sale that covers three
 * months of it, or the biggest when none does; none without consumption.
 */
export function recommendPackage(items: readonly CatalogueItem[], averageMonthlyMinutes: number): string | undefined {
  if (!(averageMonthlyMinutes > 0)) return undefined;
  const onSale = items.filter((i) => i.active).sort((a, b) => a.minutes - b.minutes);
  const need = 3 * averageMonthlyMinutes;
  return (onSale.find((i) => i.minutes >= need) ?? onSale.at(-1))?.id;
}
