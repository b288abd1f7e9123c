import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoAccountStore } from '../../functions/adapters/dynamodb/account-store';

/**
 * One-off, after deploying the admin's list of users (`GET /admin/users`, gsi1 `USERS`): user records made
 * before it carry no gsi1 keys, so they are not listed. This walks the user pool (ListUsers, 60 a page —
 * no table Scan), finds each username's current record and puts it in the list; retired subjects stay
 * out, records listed already are left alone, so running it again is harmless.
 *
 *   TABLE_NAME=… USER_POOL_ID=… AWS_REGION=… npx tsx infra/scripts/backfill-user-list.ts
 *
 * Locally `npm start`'s seed does the same for the demo users; other local users: run this with the
 * stack's `AWS_ENDPOINT_URL_*` variables.
 */
export async function backfillUserList(resources: { tableName: string; userPoolId: string }): Promise<{ seen: number; listed: number; missing: string[] }> {
  const accounts = new DynamoAccountStore(resources.tableName);
  const cognito = new CognitoIdentityProviderClient({});
  let token: string | undefined;
  let seen = 0;
  let listed = 0;
  const missing: string[] = [];
  try {
    do {
      const page = await cognito.send(new ListUsersCommand({ UserPoolId: resources.userPoolId, Limit: 60, ...(token ? { PaginationToken: token } : {}) }));
      for (const identity of page.Users ?? []) {
        seen++;
        const user = identity.Username ? await accounts.getUserByUsername(identity.Username) : undefined;
        if (!user) missing.push(identity.Username ?? '?');
        else if (await accounts.listUser(user)) listed++;
      }
      token = page.PaginationToken;
    } while (token);
  } finally {
    cognito.destroy();
  }
  return { seen, listed, missing };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tableName = process.env.TABLE_NAME;
  const userPoolId = process.env.USER_POOL_ID;
  if (!tableName || !userPoolId) throw new Error('set TABLE_NAME and USER_POOL_ID');
  const out = await backfillUserList({ tableName, userPoolId });
  console.log(`users in the pool: ${out.seen}; put in the list now: ${out.listed}; without a user record (never linked): ${out.missing.length}${out.missing.length ? ` (${out.missing.join(', ')})` : ''}`);
}
