import type { User } from './accounts';
import type { Caller } from './caller';
import { conflict, invalid, notFound } from '../errors';
import type { AccountStore, IdentityProvider, NewIdentity } from '../ports';
import type { StaffRole } from './roles';

/**
 * On- and off-boarding: create a user, disable and enable one, change a staff user's role. The user record is the source of
 * truth every request is checked against (`core/accounts/caller.ts`), Cognito is where logins happen; each use
 * case changes both in the order that fails safe: a step that fails leaves the user with fewer rights,
 * never more, and running the request again finishes it.
 */
export interface UserAdminDeps {
  accounts: AccountStore;
  identities: IdentityProvider;
  now: () => Date;
}

/** What the admin routes return about a user. */
export const userView = (user: User) => ({
  username: user.username,
  sub: user.sub,
  email: user.email,
  role: user.role,
  ...(user.customerId ? { customerId: user.customerId } : {}),
  enabled: user.enabled !== false,
  createdAt: user.createdAt,
  ...(user.updatedAt ? { updatedAt: user.updatedAt } : {}),
});

const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

async function current(deps: UserAdminDeps, username: string): Promise<User> {
  const user = await deps.accounts.getUserByUsername(username);
  if (!user) throw notFound(`user ${username}`);
  return user;
}

/**
 * Creates a user: checks everything that can be refused first (the account exists, customers name one and
 * staff do not), then creates the Cognito user in its group and links its subject to its role and account.
 * Cognito refuses a username that exists, so a username seen before belonged to a user deleted since: its
 * old subject is retired with the new record (its tokens are refused from then on).
 */
export async function createUser(deps: UserAdminDeps, input: NewIdentity & { customerId?: string }): Promise<User> {
  if (input.role === 'customer' && !input.customerId) {
    throw invalid('customerId is required for a customer user', [{ path: 'customerId', message: 'is required when role is customer' }]);
  }
  if (input.role !== 'customer' && input.customerId) {
    throw invalid('only customer users belong to an account', [{ path: 'customerId', message: 'must be absent for staff roles' }]);
  }
  if (input.password && input.temporaryPassword) {
    throw invalid('a user gets a password or a temporary password, not both', [{ path: 'temporaryPassword', message: 'must be absent when password is given' }]);
  }
  if (input.customerId && !(await deps.accounts.getCustomer(input.customerId))) {
    throw invalid(`customer ${input.customerId} does not exist`, [{ path: 'customerId', message: 'no such customer' }]);
  }
  const { sub } = await deps.identities.createUser(input);
  const user: User = {
    username: input.username,
    sub,
    email: input.email,
    role: input.role,
    ...(input.customerId ? { customerId: input.customerId } : {}),
    enabled: true,
    createdAt: deps.now().toISOString(),
  };
  await deps.accounts.createUser(user);
  return user;
}

/**
 * 1. the record says disabled and signed out now: every route refuses the user's tokens once the caller
 *    cache turns over (≤ 60 s), and the tokens issued before now stay refused after a re-enable;
 * 2. Cognito refuses new logins; 3. every refresh token is revoked (global sign-out).
 * A failure after 1 leaves the user locked out already.
 */
export async function disableUser(deps: UserAdminDeps, actor: Caller, username: string): Promise<User> {
  if (sameUser(actor.username, username)) throw conflict('an admin cannot disable their own user');
  const user = await current(deps, username);
  const now = deps.now();
  const updated = await deps.accounts.updateUser(user.sub, { enabled: false, signedOutAt: now.toISOString() }, now);
  if (!updated) throw notFound(`user ${username}`);
  await deps.identities.disableUser(user.username);
  return updated;
}

/** 1. Cognito lets the user log in again; 2. the record says enabled. A failure after 1 leaves the record disabled. */
export async function enableUser(deps: UserAdminDeps, username: string): Promise<User> {
  const user = await current(deps, username);
  await deps.identities.enableUser(user.username);
  const updated = await deps.accounts.updateUser(user.sub, { enabled: true }, deps.now());
  if (!updated) throw notFound(`user ${username}`);
  return updated;
}

/**
 * A staff user's new staff role: 1. the record (what is enforced, so a demotion takes effect first);
 * 2. the Cognito groups, which only label the tokens issued from then on. Customer users are not
 * changed to staff, nor staff to customers: a customer user belongs to an account and a staff user to
 * none, and what each wrote (tickets, orders, idempotency keys) is scoped by that; give the person a
 * new user instead and disable the old one.
 */
export async function changeUserRole(deps: UserAdminDeps, actor: Caller, username: string, role: StaffRole): Promise<User> {
  const user = await current(deps, username);
  if (user.role === 'customer') throw conflict(`${user.username} is a customer user; customer users keep the customer role (create a staff user instead)`);
  if (sameUser(actor.username, username) && role !== user.role) throw conflict('an admin cannot change their own role');
  const updated = user.role === role ? user : await deps.accounts.updateUser(user.sub, { role }, deps.now());
  if (!updated) throw notFound(`user ${username}`);
  await deps.identities.setRole(user.username, role);
  return updated;
}
