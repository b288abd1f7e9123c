/**
 * Proves the typed client of contracts/ against the real gateway, as the portal will use it: it resolves to
 * the success body (checked against its response schema), turns every refusal into a ProblemError carrying
 * the problem+json (401 without a token, 403 for a wrong role, 404 for another account's ticket, 400 naming
 * the field), and the refused requests write nothing.
 */
import { describe, expect, it } from 'vitest';
import { ProblemError } from '#contracts/client';
import { as, tableSnapshot, withToken } from './support';

const refusal = async (call: Promise<unknown>) => {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProblemError);
  return err as ProblemError;
};

describe('the typed client against the gateway', () => {
  it('answers success bodies typed and checked, and refusals as ProblemError with the problem+json', async () => {
    const alfa = as('alfa');
    const beta = as('beta');
    const me = await alfa.getMe();
    expect(me).toMatchObject({ username: 'alfa', role: 'customer', customer: { id: 'c_ALFA' } });
    const ticket = await beta.createTicket({ body: { category: 'service_information', subject: 'Client tipizzato', description: 'Una domanda sul servizio' } });
    expect(await beta.getTicket({ params: { id: ticket.number } })).toMatchObject({ id: ticket.id, messages: [], worklogs: [] });

    const before = await tableSnapshot();
    expect((await refusal(withToken().getMe())).problem).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await refusal(alfa.createWorklog({ params: { id: ticket.id }, body: { minutes: 5, kind: 'remote', note: 'x' } }))).status).toBe(403);
    const hidden = await refusal(alfa.createTicketMessage({ params: { id: ticket.id }, body: { body: 'ciao' } }));
    expect(hidden.problem).toMatchObject({ status: 404, title: 'Not Found' });
    const bad = await refusal(alfa.createTicket({ body: { category: 'service_information', subject: ' ', description: 'x' } }));
    expect(bad.problem.errors?.map((e) => e.path)).toContain('subject');
    expect(await tableSnapshot()).toEqual(before);
  });
});
