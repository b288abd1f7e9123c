import { DEMO_PASSWORD } from '../infra/local/seed';
import type { LocalStack } from '../infra/local/stack';
import { cognitoLogin } from '../test/support/session';
import { meterCapacity } from './ticket-scenario';

/**
 * What one live-update poll of the portal uses (issue 11 item 11): an open ticket page asks
 * `GET /tickets/{id}` with `If-None-Match` every few seconds. Measured through the local stack as the
 * seeded customer `alfa`: the status of each poll (304 while nothing changes), the DynamoDB read units it
 * consumes (the handler still reads the ticket to know whether it changed) and the bytes on the wire.
 */
export interface PollResult {
  polls: number;
  notModified: number;
  readUnitsPerPoll: number;
  bytesFull: number;
  bytesNotModified: number;
}

export async function measurePolls(stack: LocalStack, polls: number): Promise<PollResult> {
  const env = stack.env;
  const { accessToken } = await cognitoLogin({ endpoint: stack.emulators.endpoints.cognito, clientId: env.USER_POOL_CLIENT_ID! }, 'alfa', DEMO_PASSWORD);
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const opened = await fetch(`${stack.url}/tickets`, { method: 'POST', headers, body: JSON.stringify({ category: 'service_fault', subject: 'Polling', description: 'bench' }) });
  if (opened.status !== 201) throw new Error(`POST /tickets → ${opened.status} ${await opened.text()}`);
  const { id } = (await opened.json()) as { id: string };
  const first = await fetch(`${stack.url}/tickets/${id}`, { headers });
  const bytesFull = (await first.text()).length;
  const etag = first.headers.get('etag');
  if (!etag) throw new Error('GET /tickets/{id} sent no ETag');
  const meter = meterCapacity('benchPollMeter');
  let notModified = 0;
  let bytesNotModified = 0;
  for (let i = 0; i < polls; i++) {
    const res = await fetch(`${stack.url}/tickets/${id}`, { headers: { ...headers, 'if-none-match': etag } });
    bytesNotModified += (await res.text()).length;
    if (res.status === 304) notModified++;
  }
  return { polls, notModified, readUnitsPerPoll: meter.read / polls, bytesFull, bytesNotModified: bytesNotModified / polls };
}
