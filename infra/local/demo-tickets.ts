import { createClient } from '#contracts/client';
import type { CategoryId } from '#contracts/vocabulary';
import { cognitoLogin, type CognitoTarget } from './cognito-login';
import { DEMO_PASSWORD } from './seed';

/**
 * A few open tickets for `npm start`, so the technicians' queue, the customers' lists and the console are
 * not empty on a first start. Opened through the API as the demo customers (the same route, workflow, SLA
 * clocks and queue as any ticket), and only for an account that has no ticket yet: a restart adds nothing,
 * and tickets worked since stay as they are.
 */
interface DemoTicket {
  category: CategoryId;
  subject: string;
  description: string;
  onSite?: boolean;
  /** A first answer by the technician, so one ticket is in progress. */
  reply?: string;
}

const DEMO_TICKETS: Record<'alfa' | 'beta', DemoTicket[]> = {
  alfa: [
    { category: 'service_fault', subject: 'La fibra cade ogni sera alle 21', description: 'Da lunedì la connessione si interrompe per qualche minuto ogni sera verso le 21. Il router è già stato riavviato.', reply: 'Buongiorno, stiamo analizzando i log della linea: vi aggiorniamo entro oggi.' },
    { category: 'configuration_change', subject: 'Aprire la porta 8443 sul firewall', description: 'Ci serve la porta 8443 in ingresso verso il server 192.168.10.20 per il nuovo gestionale.' },
    { category: 'service_information', subject: 'Quali DNS usare per la VPN?', description: 'Per la VPN dei dipendenti quali server DNS dobbiamo configurare?' },
  ],
  beta: [
    { category: 'service_fault', subject: 'Line down at the Turin office', description: 'The Turin office has had no connectivity since 8:30; the router shows the WAN light off.', onSite: true },
    { category: 'consulting', subject: 'Wi-Fi survey of the warehouse', description: 'We would like an analysis of Wi-Fi coverage in the new warehouse before the racks go in.' },
  ],
};

export async function openDemoTickets(apiUrl: string, cognito: CognitoTarget): Promise<number> {
  let opened = 0;
  const tech = await cognitoLogin(cognito, 'tech', DEMO_PASSWORD);
  const staff = createClient({ baseUrl: apiUrl, token: () => tech.accessToken });
  for (const [username, tickets] of Object.entries(DEMO_TICKETS)) {
    const login = await cognitoLogin(cognito, username, DEMO_PASSWORD);
    const customer = createClient({ baseUrl: apiUrl, token: () => login.accessToken });
    if ((await customer.listTickets({ query: { limit: 1 } })).items.length > 0) continue;
    for (const t of tickets) {
      const { reply, ...body } = t;
      const ticket = await customer.createTicket({ body, idempotencyKey: crypto.randomUUID() });
      opened++;
      if (reply) await staff.createTicketMessage({ params: { id: ticket.id }, body: { body: reply } });
    }
  }
  return opened;
}
