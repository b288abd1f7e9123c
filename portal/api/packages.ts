import { request } from './client';

/** The packages page's calls (folded into the `contracts/` client at merge). */
export interface CatalogueItem {
  id: string;
  minutes: number;
  priceCents: number;
  hourlyPriceCents: number;
}

export interface PackageList {
  items: CatalogueItem[];
  recommended?: string;
  recommendation?: { packageId: string; averageMonthlyMinutes: number; months: number };
}

/** The package bought: its bucket id, what it holds and when it expires. */
export interface OrderedPackage {
  id: string;
  catalogueId: string;
  minutes: number;
  priceCents: number;
  hourlyPriceCents: number;
  orderedAt: string;
  expiresAt: string;
}

export interface PackageOrder {
  orderId: string;
  package: OrderedPackage;
}

export const listPackages = () => request<PackageList>('/packages');

/** POST /packages/orders with the Idempotency-Key of this one purchase: a double click is one order. */
export const orderPackage = (packageId: string, idempotencyKey: string) =>
  request<PackageOrder>('/packages/orders', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey }, body: JSON.stringify({ packageId }) });
