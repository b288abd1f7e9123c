import { createCustomerAccount } from '../../functions/core/hours/use-cases';
import { planOpenAccount } from '../../functions/core/ledger/plans';
import type { Role } from '../../functions/core/accounts/roles';
import { DEFAULT_SETTINGS } from '../../functions/core/billing/settings';
import type { SupplierFiscalData } from '../../functions/core/einvoicing/fiscal-data';
import type { CustomerChange } from '../../functions/core/ports';
import { DynamoAccountStore } from '../../functions/adapters/dynamodb/account-store';
import { DynamoEInvoicingSettings } from '../../functions/adapters/dynamodb/einvoicing-settings';
import { DynamoLedgerStore } from '../../functions/adapters/dynamodb/ledger-store';
import { CognitoIdentityProvider } from '../../functions/adapters/cognito';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/**
 * Demo data for `npm start` (docs/api.md "Local mode only"): two customer accounts and one user per role.
 * Written through the same adapters the handlers use; safe to run on every start.
 */
export const DEMO_PASSWORD = 'demo-password-1';

export const DEMO_CUSTOMERS = [
  { id: 'c_ALFA', name: 'Alfa Srl', vatNumber: 'IT01234567890', billingEmail: 'amministrazione@alfa.example', locale: 'it' as const },
  { id: 'c_BETA', name: 'Beta SpA', vatNumber: 'IT09876543210', billingEmail: 'billing@beta.example', locale: 'en' as const },
];

/**
 * Fiscal data for the invoice drafts: Alfa's is complete, so its drafts are made; Beta has none (and a VAT
 * number whose check digit is wrong), so an export shows what an incomplete account looks like.
 */
export const DEMO_FISCAL: Record<string, CustomerChange> = {
  c_ALFA: {
    subjectType: 'company',
    legalName: 'Alfa S.r.l.',
    vatNumber: 'IT07654321095',
    address: { street: 'Corso Vittorio Emanuele II', number: '21', cap: '10123', comune: 'Torino', provincia: 'TO', country: 'IT' },
    recipientCode: 'M5UXCR1',
    paymentTermsDays: 30,
  },
};

/** The demo ISP's own data (`PUT /finance/einvoicing` changes it). */
export const DEMO_SUPPLIER: SupplierFiscalData = {
  vatNumber: 'IT01122334459',
  taxCode: '01122334459',
  name: 'Monteore Demo Rete S.r.l.',
  regimeFiscale: 'RF01',
  address: { street: 'Via dei Mille', number: '12', cap: '20121', comune: 'Milano', provincia: 'MI', country: 'IT' },
  rea: { office: 'MI', number: '2098765', shareCapitalCents: 1_000_000, soleShareholder: 'SM', liquidation: 'LN' },
  iban: 'IT60X0542811101000000123456',
  transmitterId: 'IT01122334459',
  series: 'FE',
};

export const DEMO_USERS: { username: string; role: Role; customerId?: string }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'finance', role: 'finance' },
  { username: 'supervisor', role: 'supervisor' },
  { username: 'tech', role: 'technician' },
  { username: 'alfa', role: 'customer', customerId: 'c_ALFA' },
  { username: 'beta', role: 'customer', customerId: 'c_BETA' },
];

export async function seed(resources: { tableName: string; userPoolId: string }): Promise<void> {
  const accounts = new DynamoAccountStore(resources.tableName);
  const identities = new CognitoIdentityProvider(resources.userPoolId);
  const cognito = new CognitoIdentityProviderClient({});
  try {
    for (const demo of DEMO_CUSTOMERS) {
      const existing = await accounts.getCustomer(demo.id);
      const fiscal = DEMO_FISCAL[demo.id];
      if (fiscal && !existing?.subjectType) {
        if (!existing) await createCustomerAccount({ accounts, settings: async () => DEFAULT_SETTINGS, now: () => new Date() }, demo, 'seed', demo.id);
        await accounts.updateCustomer(demo.id, fiscal, new Date());
        if (!existing) continue;
      }
      if (!existing) {
        await createCustomerAccount({ accounts, settings: async () => DEFAULT_SETTINGS, now: () => new Date() }, demo, 'seed', demo.id);
        continue;
      }
      // Data from before the ledger kept buckets has the opening grant entry but no free bucket: open it
      // with the balance of that entry (the bucket is new, the entry is not written twice).
      const ledger = new DynamoLedgerStore(resources.tableName);
      if (!(await ledger.buckets(demo.id)).some((b) => b.bucket === 'free')) {
        const opening = planOpenAccount({ customerId: demo.id, freeMinutes: existing.freeMinutesGranted, hourlyRateCents: existing.hourlyRateCents, at: new Date(existing.createdAt), by: 'seed', note: '' });
        await ledger.commit({ ...opening, entries: [] }, new Date());
      }
    }
    const einvoicing = new DynamoEInvoicingSettings(resources.tableName);
    if (!(await einvoicing.supplier())) await einvoicing.putSupplier({ ...DEMO_SUPPLIER, updatedAt: new Date().toISOString(), updatedBy: 'seed' });
    for (const demo of DEMO_USERS) {
      const known = await accounts.getUserByUsername(demo.username);
      if (known) {
        // Data from before the admin's list of users: put the record in it (once; a no-op after).
        await accounts.listUser(known);
        continue;
      }
      let sub: string;
      try {
        ({ sub } = await identities.createUser({ username: demo.username, email: `${demo.username}@monteore.example`, role: demo.role, password: DEMO_PASSWORD }));
      } catch (err) {
        if ((err as Error).name !== 'DomainError') throw err;
        // In Cognito from an interrupted earlier seed, or from data whose user records were keyed by
        // username (before they were keyed by subject), but not linked yet: link it now.
        const existing = await cognito.send(new AdminGetUserCommand({ UserPoolId: resources.userPoolId, Username: demo.username }));
        sub = existing.UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
      }
      await accounts.createUser({
        username: demo.username,
        sub,
        email: `${demo.username}@monteore.example`,
        role: demo.role,
        ...(demo.customerId ? { customerId: demo.customerId } : {}),
        enabled: true,
        createdAt: new Date().toISOString(),
      });
    }
  } finally {
    cognito.destroy();
  }
}
