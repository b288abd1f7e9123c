import { forbidden, invalid } from './errors';
import type { Role } from './roles';

/**
 * Who is calling and which account they may touch. The account comes from the verified token's
 * username, looked up server-side (`CallerDirectory`); never from the body, path or query.
 */
export interface Caller {
  username: string;
  role: Role;
  /** Set for customer users only: the one account they belong to. */
  customerId?: string;
}

export interface CallerDirectory {
  /** The account a user belongs to (customer users), or undefined (staff, or not linked). */
  customerOf(username: string): Promise<string | undefined>;
}

/** When a user is in several groups, the most privileged one decides. */
const PRIORITY: readonly Role[] = ['admin', 'finance', 'supervisor', 'technician', 'customer'];

export async function resolveCaller(principal: { username: string; roles: readonly Role[] }, directory: CallerDirectory): Promise<Caller> {
  const role = PRIORITY.find((r) => principal.roles.includes(r));
  if (!role) throw forbidden('the token carries no role');
  if (role !== 'customer') return { username: principal.username, role };
  const customerId = await directory.customerOf(principal.username);
  if (!customerId) throw forbidden('this user is not linked to a customer account');
  return { username: principal.username, role, customerId };
}

export const isStaff = (caller: Caller) => caller.role !== 'customer';

/**
 * The account a read is about. Customers always get their own (a `customerId` they pass is refused);
 * staff name one with `?customerId=` or get `undefined` (all accounts, where the route allows it).
 */
export function accountScope(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.role === 'customer') {
    if (requested !== undefined && requested !== caller.customerId) {
      throw invalid('customers cannot choose the account', [{ path: 'query.customerId', message: 'not allowed for customer users' }]);
    }
    return caller.customerId;
  }
  return requested;
}
