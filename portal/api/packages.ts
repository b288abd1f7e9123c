import type { PackageOffer, PackageOrder } from '#contracts/responses';
import { api } from './client';

/** The packages page's calls, through the typed client of `contracts/`. */
export type CatalogueItem = PackageOffer;
export type OrderedPackage = PackageOrder['package'];

export const listPackages = () => api.listPackages();

/** POST /packages/orders with the Idempotency-Key of this one purchase: a double click is one order. */
export const orderPackage = (packageId: string, idempotencyKey: string) => api.createPackageOrder({ body: { packageId }, idempotencyKey });
