/**
 * The ticket workflow under load on the local stack: N tickets (default 200) opened, answered, worked
 * and resolved concurrently through the API; every execution runs the ASL of the CDK construct in the
 * Step Functions stand-in. Prints tickets/s, p50/p99 from resolution to the execution's end, and checks
 * that every ticket closed with exactly one debit (its ledger entries are exactly its charges).
 * Run: `npm run bench:workflow [-- --tickets 200]`. Not part of `npm test`; exits 1 if a check fails.
 */
import { parseArgs } from 'node:util';
import { percentile, runTickets, withLocalStack } from './ticket-scenario';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '200' } } });
const count = Number(values.tickets);

const result = await withLocalStack((stack) => runTickets(stack, count));
const closed = result.resolutionToClosedMs.length;
console.log(`tickets                 ${result.tickets} (closed: ${closed}, failures: ${result.failures.length})`);
console.log(`wall time               ${(result.wallMs / 1000).toFixed(1)} s → ${(result.tickets / (result.wallMs / 1000)).toFixed(1)} tickets/s (open → worked → resolved → closed)`);
console.log(`resolution → closed     p50 ${percentile(result.resolutionToClosedMs, 50)} ms, p99 ${percentile(result.resolutionToClosedMs, 99)} ms`);
console.log(`exactly one debit       ${result.exactlyOneDebit ? 'yes' : 'NO'}`);
for (const f of result.failures.slice(0, 10)) console.log(`  failure: ${f}`);
process.exit(result.failures.length === 0 && result.exactlyOneDebit && closed === count ? 0 : 1);
