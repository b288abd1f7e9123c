import { newCustomer } from '../../functions/core/accounts';
import type { LedgerEntry } from '../../functions/core/ledger';
import type { Role } from '../../functions/core/roles';
import { DynamoAccountStore } from '../../functions/adapters/dynamodb/account-store';
import { CognitoIdentityProvider } from '../../functions/adapters/cognito';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/**
 * Demo data for `npm start` (API.md "Local mode only"): two customer accounts and one user per role.
 * Written through the same adapters the handlers use; safe to run on every start.
 */
export const DEMO_PASSWORD = 'demo-password-1';

export const DEMO_CUSTOMERS = [
  { id: 'c_ALFA', name: 'Alfa Srl', vatNumber: 'IT01234567890', billingEmail: 'amministrazione@alfa.example', locale: 'it' as const },
  { id: 'c_BETA', name: 'Beta SpA', vatNumber: 'IT09876543210', billingEmail: 'billing@beta.example', locale: 'en' as const },
];

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
      if (await accounts.getCustomer(demo.id)) continue;
      const now = new Date();
      const customer = newCustomer(demo, demo.id, now);
      const grant: LedgerEntry = {
        id: `e_SEED_${demo.id}`,
        customerId: demo.id,
        at: customer.createdAt,
        bucket: 'free',
        reason: 'grant',
        minutes: customer.freeMinutesGranted,
        note: 'monte ore gratuito iniziale',
        by: 'seed',
      };
      await accounts.createCustomer(customer, [grant]);
    }
    for (const demo of DEMO_USERS) {
      if (await accounts.getUser(demo.username)) continue;
      let sub: string;
      try {
        ({ sub } = await identities.createUser({ username: demo.username, email: `${demo.username}@monteore.example`, role: demo.role, password: DEMO_PASSWORD }));
      } catch (err) {
        if ((err as Error).name !== 'DomainError') throw err;
        // In Cognito from an interrupted earlier seed, but not linked yet: link it now.
        const existing = await cognito.send(new AdminGetUserCommand({ UserPoolId: resources.userPoolId, Username: demo.username }));
        sub = existing.UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
      }
      await accounts.putUser({
        username: demo.username,
        sub,
        email: `${demo.username}@monteore.example`,
        role: demo.role,
        ...(demo.customerId ? { customerId: demo.customerId } : {}),
        createdAt: new Date().toISOString(),
      });
    }
  } finally {
    cognito.destroy();
  }
}
