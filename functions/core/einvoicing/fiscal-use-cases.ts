import type { Customer } from '../accounts/accounts';
import { notFound } from '../errors';
import type { AccountStore, CustomerChange, EInvoicingSettingsStore } from '../ports';
import type { SupplierFiscalData } from './fiscal-data';
import { customerDraftProblems, supplierDraftProblems, type MissingField } from './fiscal-data';

/**
 * The fiscal master data's use cases. An account's fields are checked one by one at the edge (each bad
 * one named in the 400); whether they are enough for a draft is reported with the account (`draftReady`,
 * `missing`), because an admin fills them in over several calls and an export says it again per account.
 */
export interface CustomerWithDraftStatus extends Customer {
  /** Whether the account's data is complete for an FPR12 draft (the ISP's own data aside). */
  draftReady: boolean;
  missing: MissingField[];
}

export async function updateCustomerFiscalData(deps: { accounts: AccountStore; now: () => Date }, id: string, change: CustomerChange): Promise<CustomerWithDraftStatus> {
  const customer = await deps.accounts.updateCustomer(id, change, deps.now());
  if (!customer) throw notFound(`customer ${id}`);
  const missing = customerDraftProblems(customer);
  return { ...customer, draftReady: missing.length === 0, missing };
}

export async function getSupplier(deps: { einvoicing: EInvoicingSettingsStore }): Promise<SupplierFiscalData> {
  const supplier = await deps.einvoicing.supplier();
  if (!supplier) throw notFound('the ISP’s fiscal data (PUT /finance/einvoicing sets it)');
  return supplier;
}

export async function putSupplier(deps: { einvoicing: EInvoicingSettingsStore; now: () => Date }, input: Omit<SupplierFiscalData, 'updatedAt' | 'updatedBy'>, by: string): Promise<SupplierFiscalData> {
  const supplier: SupplierFiscalData = { ...input, updatedAt: deps.now().toISOString(), updatedBy: by };
  // The edge checked each field; this is the same rule the drafts apply, so a stored setting always makes drafts.
  const problems = supplierDraftProblems(supplier);
  if (problems.length) throw new Error(`supplier data passed the edge but not the draft check: ${problems.map((p) => p.field).join(', ')}`);
  await deps.einvoicing.putSupplier(supplier);
  return supplier;
}
