import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startLocalStack } from './stack';
import { openDemoTickets } from './demo-tickets';
import { DEMO_PASSWORD, DEMO_USERS } from './seed';

/**
 * `npm start`: the whole system on this machine with demo data, persisted under `.data/`
 * (`npm run reset` wipes it). Ctrl-C or SIGTERM stops every child process.
 */
const started = performance.now();
const ROOT = resolve(import.meta.dirname, '../..');
// MONTEORE_DATA_DIR and MONTEORE_PORTS=auto let a second copy run beside `npm start` (the crash test does).
const dataDir = resolve(process.env.MONTEORE_DATA_DIR ?? resolve(ROOT, '.data'));
const autoPorts = process.env.MONTEORE_PORTS === 'auto';
const pidFile = resolve(dataDir, 'pids.json');
mkdirSync(dataDir, { recursive: true });

// A previous run killed with SIGKILL cannot stop its Java child; stop it now so the ports are free.
if (existsSync(pidFile)) {
  for (const pid of JSON.parse(readFileSync(pidFile, 'utf8')) as number[]) {
    try {
      process.kill(pid, 'SIGKILL');
      console.log(`stopped a leftover emulator process (pid ${pid})`);
    } catch {
      // already gone
    }
  }
  rmSync(pidFile);
}

const port = Number(process.env.PORT ?? 3000);
const stack = await startLocalStack({
  port,
  ...(autoPorts ? {} : { emulatorPorts: { dynamodb: 8000, ses: 8005, s3: 4568, cognito: 9229 }, sfnPort: 8083 }),
  dataDir,
  persist: true,
  seed: true,
  // The portal is rebuilt on every change under portal/; reload the page to see it.
  portal: { outdir: resolve(ROOT, 'portal/dist'), watch: true },
});
writeFileSync(pidFile, JSON.stringify(stack.emulators.pids));
// Open tickets for the demo accounts (only for an account that has none yet), so the queue is not empty.
const demoTickets = await openDemoTickets(stack.url, { endpoint: stack.emulators.endpoints.cognito, clientId: stack.resources.userPoolClientId });
// What is running where, for scripts and tests that drive this copy.
writeFileSync(resolve(dataDir, 'stack.json'), JSON.stringify({ url: stack.url, env: stack.env, ses: stack.emulators.endpoints.ses }));

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`
monteore is running (ready in ${seconds} s)${demoTickets ? `; ${demoTickets} demo tickets opened` : ''}

  Portal           ${stack.url}/            (rebuilt on change under portal/)
  API              ${stack.url}            (try ${stack.url}/health, ${stack.url}/openapi.json)
  Cognito          ${stack.emulators.endpoints.cognito}   pool ${stack.resources.userPoolId}, client ${stack.resources.userPoolClientId}
  SES mailbox      ${stack.emulators.endpoints.ses}   (captured mail: ${stack.emulators.endpoints.ses}/store)
  DynamoDB Local   ${stack.emulators.endpoints.dynamodb}   table ${stack.resources.tableName}
  S3               ${stack.emulators.endpoints.s3}   bucket ${stack.resources.bucketName}
  Step Functions   ${stack.env.AWS_ENDPOINT_URL_SFN}   (the ticket workflow, run in-process)

Demo users (password ${DEMO_PASSWORD}):
${DEMO_USERS.map((u) => `  ${u.username.padEnd(11)} ${u.role}${u.customerId ? ` of ${u.customerId}` : ''}`).join('\n')}

Ctrl-C stops everything.`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  rmSync(pidFile, { force: true });
  rmSync(resolve(dataDir, 'stack.json'), { force: true });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
