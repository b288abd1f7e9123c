/**
 * What 1,000 tickets cost on AWS. Reads the synthesized template (the same app `cdk synth` builds, with
 * bundling skipped) for what is deployed — the state machine's path from start to end, each function's
 * memory and architecture — and runs tickets through the local stack to measure what a ticket uses: API
 * requests, DynamoDB capacity units (as DynamoDB Local reports them), emails and handler time.
 *
 * Prices: one table below, list prices (USD) for eu-south-1 (Milan) as published by AWS; check them
 * before quoting. Free tiers are ignored (this is the marginal cost). Target (the issue): ≤ $0.20 per
 * 1,000 tickets. Run: `npm run bench:cost [-- --tickets 100]`. Not part of `npm test`; exits 1 on a miss.
 */
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext, defineMonteore } from '../infra/monteore';
import { aslWithHandlerNames } from '../infra/constructs/ticket-workflow';
import { runTickets, withLocalStack } from './ticket-scenario';

const PRICES = {
  /** Step Functions Standard, per state transition. */
  stepFunctionsTransition: 0.000025,
  /** Step Functions Express, per request and per GB-second (billed in 64 MB, 100 ms steps). */
  expressRequest: 1.0 / 1e6,
  expressGbSecond: 0.00001667,
  /** Lambda requests, per invocation. */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda arm64 duration, per GB-second. */
  lambdaGbSecondArm: 0.0000133334,
  /** API Gateway HTTP API, per request (first 300 million a month). */
  httpApiRequest: 1.0 / 1e6,
  /** DynamoDB on-demand, per write / read request unit. */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** SES, per email sent. */
  sesEmail: 0.1 / 1000,
  /** CloudWatch Logs ingestion, per GB (the state machine logs ALL with execution data). */
  logsIngestGb: 0.57,
} as const;

const TARGET_PER_1000 = 0.2;
const { values } = parseArgs({ options: { tickets: { type: 'string', default: '100' } } });
const count = Number(values.tickets);

// What is deployed.
const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
const { service } = defineMonteore(app);
const template = Template.fromStack(service);
const machines = template.findResources('AWS::StepFunctions::StateMachine');
const names = new Proxy({}, { get: (_t, id: string) => id }) as Record<string, string>;
type Asl = { StartAt: string; States: Record<string, { Type: string; Next?: string; End?: boolean; Resource?: string }> };
const pathOf = (asl: Asl) => {
  const path: string[] = [];
  for (let name: string | undefined = asl.StartAt; name; name = asl.States[name]!.End ? undefined : asl.States[name]!.Next) path.push(name);
  return path;
};
const byType = (type: string) => Object.entries(machines).find(([, m]) => m.Properties.StateMachineType === type)!;
const [machineId, machine] = byType('STANDARD');
const [, express] = byType('EXPRESS');
const standardAsl = aslWithHandlerNames(machine.Properties.DefinitionString, names) as Asl;
const expressAsl = aslWithHandlerNames(express.Properties.DefinitionString, names) as Asl;
const happyPath = pathOf(standardAsl);
const childPath = pathOf(expressAsl);
const states = { ...standardAsl.States, ...expressAsl.States };
const taskStates = [...happyPath, ...childPath].filter((s) => states[s]!.Type === 'Task' && states[s]!.Resource?.includes('lambda:invoke')).length;
/** Not measured: the child's duration (its four steps took ~0.3–1 s locally), at the minimum 64 MB. */
const assumedChildSeconds = 1;
// The service's functions: its own (workflow, jobs, fallback) and the routes' in their nested stacks.
const functions = [template, ...[...service.api.routeStacks.values()].map((s) => Template.fromStack(s))].flatMap((t) => Object.values(t.findResources('AWS::Lambda::Function')));
const memories = functions.map((f) => f.Properties.MemorySize as number);
const arches = new Set(functions.flatMap((f) => f.Properties.Architectures as string[]));
const memoryGb = Math.max(...memories) / 1024;

// What a ticket uses.
const result = await withLocalStack((stack) => runTickets(stack, count));
if (result.failures.length) throw new Error(`scenario failed: ${result.failures.slice(0, 3).join('; ')}`);
/** A per-ticket quantity, for 1,000 tickets. */
const per = (perTicket: number) => perTicket * 1000;
const invocationsPerTicket = result.apiRequests / count + taskStates;
/** Not measured: an assumption (warm handlers here take 2–15 ms; 50 ms leaves room for cold starts). */
const assumedMsPerInvocation = 50;
const lines: [string, number, string][] = [
  ['Step Functions transitions', per(happyPath.length) * PRICES.stepFunctionsTransition, `${happyPath.length} Standard per ticket (${happyPath.join(' → ')})`],
  ['Step Functions Express', per(1) * (PRICES.expressRequest + assumedChildSeconds * (64 / 1024) * PRICES.expressGbSecond), `1 child per ticket (${childPath.join(' → ')}), assumed ${assumedChildSeconds} s × 64 MB`],
  ['Lambda requests', per(invocationsPerTicket) * PRICES.lambdaRequest, `${invocationsPerTicket.toFixed(1)} per ticket (API ${(result.apiRequests / count).toFixed(1)} + tasks ${taskStates})`],
  ['Lambda duration', per(invocationsPerTicket) * (assumedMsPerInvocation / 1000) * memoryGb * PRICES.lambdaGbSecondArm, `assumed ${assumedMsPerInvocation} ms × ${memoryGb * 1024} MB each, ${[...arches].join('/')}`],
  ['API Gateway requests', per(result.apiRequests / count) * PRICES.httpApiRequest, `${(result.apiRequests / count).toFixed(1)} per ticket`],
  ['DynamoDB writes', per(result.writeUnits / count) * PRICES.dynamoWriteUnit, `${(result.writeUnits / count).toFixed(1)} WRU per ticket (measured)`],
  ['DynamoDB reads', per(result.readUnits / count) * PRICES.dynamoReadUnit, `${(result.readUnits / count).toFixed(1)} RRU per ticket (measured)`],
  ['SES emails', per(result.emails / count) * PRICES.sesEmail, `${(result.emails / count).toFixed(2)} per ticket (measured; half the scenario's tickets are billable)`],
  ['Step Functions logs', per((happyPath.length + childPath.length) * 2 * 1.5e-6) * PRICES.logsIngestGb, `~1.5 KB per state event, 2 events per state (assumed)`],
];
const total = lines.reduce((s, [, v]) => s + v, 0);
console.log(`state machine ${machineId}: happy path ${happyPath.length} Standard transitions + an Express child of ${childPath.length} states`);
console.log(`per 1,000 tickets (${count} measured through the local stack):`);
for (const [what, usd, how] of lines) console.log(`  ${what.padEnd(28)} $${usd.toFixed(4).padStart(8)}   ${how}`);
console.log(`  ${'total'.padEnd(28)} $${total.toFixed(4).padStart(8)}   target ≤ $${TARGET_PER_1000.toFixed(2)} → ${total <= TARGET_PER_1000 ? 'PASS' : 'FAIL'}`);
process.exit(total <= TARGET_PER_1000 ? 0 : 1);
