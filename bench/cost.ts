/**
 * What 1,000 tickets cost on AWS. Reads the synthesized template (the same app `cdk synth` builds, with
 * bundling skipped) for what is deployed — the state machine's path from start to end, each function's
 * memory and architecture — and runs tickets through the local stack to measure what a ticket uses: API
 * requests, DynamoDB capacity units (as DynamoDB Local reports them), emails and handler time.
 *
 * Prices: one table below, list prices (USD) for eu-south-1 (Milan) as published by AWS; check them
 * before quoting. Free tiers are ignored (this is the marginal cost). Target (the issue): ≤ $0.20 per
 * 1,000 tickets. Then the monthly bill of issue 11's reference ISP (2,000 customer users who open the portal four
 * times a month, 5,000 tickets), every resource type of the templates priced or said free, largest first.
 * Run: `npm run bench:cost [-- --tickets 100]`. Not part of `npm test`; exits 1 on a miss or an unpriced type.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext, defineMonteore } from '../infra/monteore';
import { aslWithHandlerNames } from '../infra/local/workflow-definition';
import { buildPortal } from '../portal/build';
import { measurePolls } from './polling-scenario';
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

// What is deployed, the portal's distribution included (built as `npm start` and CDK build it).
const portalDir = mkdtempSync(join(tmpdir(), 'monteore-cost-portal-'));
const portal = await buildPortal({ outdir: portalDir });
const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], portalDir } });
const { service, data } = defineMonteore(app);
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
const [result, polling] = await withLocalStack(async (stack) => [await runTickets(stack, count), await measurePolls(stack, 200)] as const);
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

// Live updates (issue 11 item 11): the portal polls an open ticket page with conditional GETs. The reference
// ISP of issue 11: 2,000 customer users, each opening the portal four times a month; assumed: 5 minutes with
// a live page open per visit, one poll every 4 s (portal/components/live.ts) while the tab is visible.
const POLL_SECONDS = 4;
const LIVE_MINUTES_PER_VISIT = 5;
const pollsPerMonth = 2_000 * 4 * ((LIVE_MINUTES_PER_VISIT * 60) / POLL_SECONDS);
const pollLines: [string, number, string][] = [
  ['API Gateway requests', pollsPerMonth * PRICES.httpApiRequest, `${pollsPerMonth.toLocaleString('en')} polls`],
  ['Lambda requests', pollsPerMonth * PRICES.lambdaRequest, 'one invocation each'],
  ['Lambda duration', pollsPerMonth * (assumedMsPerInvocation / 1000) * memoryGb * PRICES.lambdaGbSecondArm, `assumed ${assumedMsPerInvocation} ms × ${memoryGb * 1024} MB`],
  ['DynamoDB reads', pollsPerMonth * polling.readUnitsPerPoll * PRICES.dynamoReadUnit, `${polling.readUnitsPerPoll.toFixed(1)} RRU per poll (measured)`],
];
const pollTotal = pollLines.reduce((s, [, v]) => s + v, 0);
console.log(
  `live polling: ${polling.notModified}/${polling.polls} polls of an unchanged ticket answered 304 (${polling.bytesNotModified.toFixed(0)} B body vs ${polling.bytesFull} B for the 200)`,
);
console.log(`per month for the reference ISP (2,000 users × 4 visits × ${LIVE_MINUTES_PER_VISIT} min live, a poll every ${POLL_SECONDS} s):`);
for (const [what, usd, how] of pollLines) console.log(`  ${what.padEnd(28)} $${usd.toFixed(4).padStart(8)}   ${how}`);
console.log(`  ${'total'.padEnd(28)} $${pollTotal.toFixed(4).padStart(8)}`);

// The monthly bill of issue 11's reference ISP: 2,000 customer users who open the portal four times a month,
// 5,000 tickets a month. Every resource type in the synthesized templates is listed with how it is priced, so a
// new priced resource that this model does not know is printed as such. Prices: list prices (USD), eu-south-1
// or the EU edge, as published by AWS; check them before quoting. No free tier is counted.
const MONTH = {
  tickets: 5_000,
  customerUsers: 2_000,
  visitsPerUser: 4,
  /** Staff users signing in (technicians, finance, admins): an assumption. */
  staffUsers: 20,
  /** API calls per visit besides the live polls (config.json, /me, /tickets, /forecast, two more pages): assumed. */
  apiCallsPerVisit: 6,
  /** JSON bytes per API answer, gzipped by no one (HTTP API does not compress): assumed from the measured 356 B ticket. */
  bytesPerApiAnswer: 2_000,
  /** Read units per non-poll API call: assumed (a /me reads the user, account and buckets; a list one page). */
  readUnitsPerApiCall: 3,
  /** Table size for storage and PITR: assumed (a year of 5,000 tickets with their history and ledger). */
  tableGb: 1,
  /** Exports kept in S3 (CSV, JSON, drafts): assumed. */
  exportsGb: 0.5,
  /** Log bytes per Lambda invocation (Powertools JSON lines): assumed. */
  logBytesPerInvocation: 1_000,
};
const MONTHLY_PRICES = {
  cognitoPlusMau: 0.02,
  cloudFrontHttpsPer10k: 0.012,
  cloudFrontGbOutEu: 0.085,
  secretPerMonth: 0.4,
  kmsKeyPerMonth: 1.0,
  alarmPerMonth: 0.1,
  dynamoStorageGbMonth: 0.3,
  dynamoPitrGbMonth: 0.24,
  s3StandardGbMonth: 0.0245,
  /** X-Ray: per trace recorded; default sampling records the first request each second and 5 % of the rest. */
  xrayTrace: 5 / 1e6,
};
const visits = MONTH.customerUsers * MONTH.visitsPerUser;
const gz = (file: string) => gzipSync(readFileSync(join(portalDir, file)), { level: 9 }).length;
const siteFiles = portal.files.filter((f) => f === 'index.html' || f === portal.entry.js || f === portal.entry.css);
const siteBytesPerVisit = siteFiles.reduce((sum, f) => sum + gz(f), 0);
rmSync(portalDir, { recursive: true, force: true });
const apiCalls = visits * MONTH.apiCallsPerVisit;
const perTicketUsd = total / 1000;
const allInvocations = MONTH.tickets * invocationsPerTicket + apiCalls + pollsPerMonth;
const templates = [
  Template.fromStack(data),
  template,
  ...[...service.api.routeStacks.values()].map((s) => Template.fromStack(s)),
  ...(service.portal ? [Template.fromStack(Stack.of(service.portal))] : []),
];
const typeCount = new Map<string, number>();
for (const t of templates) for (const r of Object.values(t.toJSON().Resources as Record<string, { Type: string }>)) typeCount.set(r.Type, (typeCount.get(r.Type) ?? 0) + 1);
const n = (type: string) => typeCount.get(type) ?? 0;
const bill: [string, number, string][] = [
  ['tickets (workflow, API, DynamoDB, SES)', MONTH.tickets * perTicketUsd, `${MONTH.tickets.toLocaleString('en')} × $${perTicketUsd.toFixed(6)} (measured above)`],
  ['live polling', pollTotal, 'measured above'],
  ['Cognito (Plus plan)', (MONTH.customerUsers + MONTH.staffUsers) * MONTHLY_PRICES.cognitoPlusMau, `${MONTH.customerUsers + MONTH.staffUsers} MAU × $${MONTHLY_PRICES.cognitoPlusMau} (threat protection needs Plus)`],
  ['portal API calls (API GW + Lambda + DynamoDB)', apiCalls * (PRICES.httpApiRequest + PRICES.lambdaRequest + (assumedMsPerInvocation / 1000) * memoryGb * PRICES.lambdaGbSecondArm + MONTH.readUnitsPerApiCall * PRICES.dynamoReadUnit), `${visits.toLocaleString('en')} visits × ${MONTH.apiCallsPerVisit} calls (assumed)`],
  ['CloudFront requests', ((visits * (siteFiles.length + MONTH.apiCallsPerVisit) + pollsPerMonth) / 10_000) * MONTHLY_PRICES.cloudFrontHttpsPer10k, `every visit cold: ${siteFiles.length} site files + API calls + polls`],
  ['CloudFront transfer out', ((visits * (siteBytesPerVisit + MONTH.apiCallsPerVisit * MONTH.bytesPerApiAnswer) + pollsPerMonth * 300) / 1e9) * MONTHLY_PRICES.cloudFrontGbOutEu, `${(siteBytesPerVisit / 1024).toFixed(1)} KB site (gzipped, measured) + API answers per visit`],
  ['DynamoDB storage + PITR', MONTH.tableGb * (MONTHLY_PRICES.dynamoStorageGbMonth + MONTHLY_PRICES.dynamoPitrGbMonth), `${MONTH.tableGb} GB (assumed)`],
  ['S3 storage', (MONTH.exportsGb + 0.01) * MONTHLY_PRICES.s3StandardGbMonth, `${MONTH.exportsGb} GB exports (assumed) + the site`],
  ['Secrets Manager', n('AWS::SecretsManager::Secret') * MONTHLY_PRICES.secretPerMonth, `${n('AWS::SecretsManager::Secret')} secret (the cursor key)`],
  ['KMS keys', n('AWS::KMS::Key') * MONTHLY_PRICES.kmsKeyPerMonth, `${n('AWS::KMS::Key')} customer-managed key(s)`],
  ['CloudWatch alarms', n('AWS::CloudWatch::Alarm') * MONTHLY_PRICES.alarmPerMonth, `${n('AWS::CloudWatch::Alarm')} standard alarms`],
  ['CloudWatch Logs (functions)', ((allInvocations * MONTH.logBytesPerInvocation) / 1e9) * PRICES.logsIngestGb, `${Math.round(allInvocations).toLocaleString('en')} invocations × ${MONTH.logBytesPerInvocation} B (assumed)`],
  ['X-Ray traces', Math.max(0, allInvocations * 0.05) * MONTHLY_PRICES.xrayTrace, '5 % of invocations recorded (default sampling, upper bound)'],
];
/** How each resource type is paid for: in a bill line above, or free of charge. */
const PRICED_BY: Record<string, string> = {
  'AWS::DynamoDB::GlobalTable': 'tickets, portal API calls, storage', 'AWS::DynamoDB::Table': 'tickets, portal API calls, storage',
  'AWS::S3::Bucket': 'S3 storage (requests: negligible)', 'AWS::S3::BucketPolicy': 'free',
  'AWS::Lambda::Function': 'tickets, polling, portal API calls, logs', 'AWS::Lambda::Permission': 'free', 'AWS::Lambda::EventInvokeConfig': 'free',
  'AWS::Logs::LogGroup': 'CloudWatch Logs', 'AWS::IAM::Role': 'free', 'AWS::IAM::Policy': 'free', 'AWS::IAM::ManagedPolicy': 'free',
  'AWS::ApiGatewayV2::Api': 'portal API calls, tickets', 'AWS::ApiGatewayV2::Stage': 'free', 'AWS::ApiGatewayV2::Route': 'free', 'AWS::ApiGatewayV2::Integration': 'free', 'AWS::ApiGatewayV2::Authorizer': 'free',
  'AWS::StepFunctions::StateMachine': 'tickets', 'AWS::SES::EmailIdentity': 'tickets (per email)', 'AWS::SES::ConfigurationSet': 'free',
  'AWS::Cognito::UserPool': 'Cognito (Plus plan)', 'AWS::Cognito::UserPoolClient': 'free', 'AWS::Cognito::UserPoolGroup': 'free', 'AWS::Cognito::UserPoolRiskConfigurationAttachment': 'Cognito (Plus plan)',
  'AWS::Scheduler::Schedule': 'EventBridge Scheduler: ~35 invocations a month, $1 per million (negligible)',
  'AWS::SecretsManager::Secret': 'Secrets Manager', 'AWS::KMS::Key': 'KMS keys', 'AWS::KMS::Alias': 'free',
  'AWS::CloudWatch::Alarm': 'CloudWatch alarms', 'AWS::SNS::Topic': 'SNS: alarm notifications, a few a month (negligible)', 'AWS::SNS::TopicPolicy': 'free',
  'AWS::CloudFront::Distribution': 'CloudFront requests and transfer', 'AWS::CloudFront::OriginAccessControl': 'free', 'AWS::CloudFront::Function': 'CloudFront Functions: $0.10 per million (the SPA fallback on site requests: negligible)',
  'AWS::CloudFront::ResponseHeadersPolicy': 'free', 'AWS::CloudFront::CachePolicy': 'free', 'AWS::CloudFront::OriginRequestPolicy': 'free',
  'Custom::CDKBucketDeployment': 'a Lambda run per deployment (negligible)', 'AWS::CloudFormation::Stack': 'free', 'Custom::S3AutoDeleteObjects': 'free',
  'AWS::CDK::Metadata': 'free',
  'AWS::Lambda::LayerVersion': "free (the BucketDeployment's AWS CLI layer; its storage is in Lambda's free code storage)",
};
const billTotal = bill.reduce((sum, [, usd]) => sum + usd, 0);
console.log(`\nmonthly AWS bill of the reference ISP (${MONTH.customerUsers.toLocaleString('en')} customer users × ${MONTH.visitsPerUser} visits, ${MONTH.tickets.toLocaleString('en')} tickets a month):`);
for (const [what, usd, how] of [...bill].sort((a, b) => b[1] - a[1])) console.log(`  ${what.padEnd(46)} $${usd.toFixed(2).padStart(8)}   ${how}`);
console.log(`  ${'total'.padEnd(46)} $${billTotal.toFixed(2).padStart(8)} a month`);
const unknown = [...typeCount.keys()].filter((type) => !PRICED_BY[type]);
console.log(`resource types in the templates: ${[...typeCount].map(([t, c]) => `${t.replace('AWS::', '')} ${c}`).join(', ')}`);
if (unknown.length) console.log(`NOT PRICED by this model (add them): ${unknown.join(', ')}`);
process.exit(total <= TARGET_PER_1000 && !unknown.length ? 0 : 1);
