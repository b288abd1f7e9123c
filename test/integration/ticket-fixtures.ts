import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { TicketStatus } from '../../functions/core/tickets/tickets';
import type * as z from 'zod/mini';
import type { createTicketBody } from '#contracts/requests';
import type { Ticket } from '#contracts/responses';
import { as, ddb, login, stackEnv, uniq, withToken } from './support';

type CreateTicketBody = z.input<typeof createTicketBody>;

/**
 * Fixtures of the ticket tests: each file makes its own accounts and users through the admin API, so it
 * depends on no other file's data.
 */
export interface CustomerUser {
  customerId: string;
  username: string;
  token: string;
}

const PASSWORD = 'ticket-tests-pw-1';

/** A new account and a customer user of it, made through the typed client (which refuses any answer but the documented 201). */
export async function newCustomerUser(name = 'Cliente'): Promise<CustomerUser> {
  const admin = as('admin');
  const customer = await admin.createCustomer({ body: { name: `${name} ${uniq('')}`, billingEmail: 'conti@cliente.example', locale: 'it' } });
  const username = uniq('cust');
  await admin.createUser({ body: { username, email: `${username}@cliente.example`, role: 'customer', customerId: customer.id, password: PASSWORD } });
  return { customerId: customer.id, username, token: await login(username, PASSWORD) };
}

export async function newStaff(role: 'technician' | 'supervisor' | 'finance' | 'admin'): Promise<{ username: string; token: string }> {
  const username = uniq(role.slice(0, 4));
  await as('admin').createUser({ body: { username, email: `${username}@monteore.example`, role, password: PASSWORD } });
  return { username, token: await login(username, PASSWORD) };
}

export const ticketBody = (over: Record<string, unknown> = {}) => ({
  category: 'service_fault' as const,
  subject: 'La connessione cade ogni sera',
  description: 'Dalle 21 la fibra perde la portante per qualche minuto.',
  ...over,
});

/** Opens a ticket as the holder of `token` through the typed client (201 or it throws, naming the problem). */
export async function openTicket(token: string, over: Partial<CreateTicketBody> = {}): Promise<Ticket> {
  return withToken(token).createTicket({ body: { ...ticketBody(), ...over } });
}

/**
 * Moves a ticket to a status the workflow (issue 5) will own, writing the record as the store does
 * (status and its gsi2 queue partition), so the refusals on closed tickets can be tested today.
 */
export async function forceStatus(ticketId: string, status: TicketStatus): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: stackEnv.TABLE_NAME!,
      Key: keys.ticket(ticketId),
      UpdateExpression: 'SET #status = :status, gsi2pk = :gsi2pk ADD revision :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':gsi2pk': keys.statusTickets(status).gsi2pk, ':one': 1 },
    }),
  );
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}
