import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApi, fileSchemas } from '#contracts/openapi';
import { problemStatuses, TAGS, operations, type Operation, type Tag } from '#contracts/operations';
import { PROBLEM_STATUSES } from '#contracts/problem';
import * as vocabulary from '#contracts/vocabulary';

/**
 * Renders `docs/api.md`, the API contract, from `contracts/`: the operation table, the request and
 * response schemas (through the OpenAPI document, so both say the same) and the vocabulary. The prose
 * (conventions, local mode) is written here. `npm run docs` writes the file; a unit test fails when the
 * committed file is not what this renders.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: Schema | boolean;
};

const refName = (ref: string) => ref.split('/').pop()!;
const anchor = (name: string) => name.toLowerCase();

/** A schema as one short type expression: `"a" \| "b"`, `integer 1–1440`, `[Ticket](#ticket)[]`. */
function typeOf(s: Schema | undefined): string {
  if (!s) return 'any';
  if (s.$ref) return `[${refName(s.$ref)}](#${anchor(refName(s.$ref))})`;
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeOf).join(' \\| ');
  if (s.type === 'array') {
    const bounds = range(s.minItems, s.maxItems, ' items');
    return `${typeOf(s.items)}[]${bounds ? ` (${bounds})` : ''}`;
  }
  if (s.type === 'object') {
    if (!s.properties) return 'object';
    // A tagged variant names its tag's value: `{status: "ok", …}`.
    return `{${Object.entries(s.properties).map(([k, v]) => (v.const !== undefined ? `${k}: \`${JSON.stringify(v.const)}\`` : k)).join(', ')}}`;
  }
  const base = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.format ?? s.type ?? 'any');
  const bounds = s.type === 'string' ? range(s.minLength, s.maxLength, ' chars') : range(s.minimum, s.maximum, '');
  const shaped = bounds ? `${base} (${bounds})` : base;
  return s.pattern ? `${shaped} matching \`${s.pattern}\`` : shaped;
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return `${min}–${max}${unit}`;
  if (min !== undefined) return `≥ ${min}${unit}`;
  if (max !== undefined) return `≤ ${max}${unit}`;
  return '';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldTable(s: Schema): string[] {
  const props = Object.entries(s.properties ?? {});
  if (props.length === 0) return [];
  const rows = props.map(([name, p]) => `| \`${name}\` | ${s.required?.includes(name) ? 'yes' : 'no'} | ${typeOf(p)} |`);
  return ['| field | required | type |', '| --- | --- | --- |', ...rows];
}

const who = (op: Operation) => (op.auth === 'public' ? 'anyone' : op.auth.join(', '));

export function renderApiDoc(): string {
  const doc = buildOpenApi() as {
    paths: Record<string, Record<string, { parameters?: (Schema & { name: string; in: string; required: boolean; schema: Schema })[]; requestBody?: { required: boolean; content: Record<string, { schema: Schema }> } }>>;
    components: { schemas: Record<string, Schema> };
  };
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  p(
    '# The monteore HTTP API',
    '',
    '<!-- Generated from contracts/ by `npm run docs`; edit contracts/ or docs/generate-api.ts, not this file. -->',
    '',
    'The portal, the staff console, finance tools and outside clients depend on these paths and fields: add',
    'operations and fields freely, never rename or drop them. `contracts/` is their one definition (the',
    'operation table, the request and response schemas, the vocabulary); the server, the portal, the tests and',
    '`GET /openapi.json` (OpenAPI 3.1) all take them from there. Business rules: [product.md](product.md).',
    '',
    '## Conventions',
    '',
    '- JSON in and out, UTF-8. Times are ISO 8601 UTC strings. Durations are integer `minutes`; money is integer',
    '  `…Cents` in EUR, net of VAT.',
    '- Every operation but `/health`, `/config.json` and `/openapi.json` needs `Authorization: Bearer <token>`,',
    '  the Cognito access token from the login (API Gateway’s JWT authorizer checks it on AWS; an ID token is',
    '  refused). The caller’s account and role come from the verified token (or a server-side lookup keyed by',
    '  its subject), never from the body, path or query.',
    '- Errors are `application/problem+json` (RFC 9457): [Problem](#problem) `{type, title, status, detail, errors?: [{path, message}]}`.',
    '  Bad input → 400 naming the field; missing or invalid token → 401; wrong role → 403; another account’s',
    `  object → 404 (its existence is not revealed); conflicts → 409; a body over ${vocabulary.MAX_BODY_BYTES / 1024} KB → 413. A client mistake is`,
    '  never a 5xx, and a rejected request writes nothing.',
    '- Unknown body fields and unknown query parameters are refused (400), so `customerId`, `status`,',
    '  `classification`, `balance` and the like cannot be smuggled in. An operation without a body refuses one.',
    `- Lists: \`?limit=\` (1–${vocabulary.PAGE_SIZE.max}, default ${vocabulary.PAGE_SIZE.default}) and \`?cursor=\` → \`{items: [...], nextCursor?}\`; pass \`nextCursor\` back`,
    '  as `?cursor=` for the next page.',
    '- `POST /tickets`, `POST /packages/orders` and `POST /admin/customers/{id}/grants` honour `Idempotency-Key`:',
    '  the same key with the same body returns the first response again and does nothing more; the same key',
    '  with another body → 409.',
    '- Tickets are addressed by id (`t_…`) or by their phone-friendly number (`T-2026-000123`).',
    '- Conditional GETs: every 200 JSON answer to a GET carries a strong `ETag` (a hash of the bytes sent); the',
    '  same GET with `If-None-Match` naming it (a list, `W/` or `*` too) is a 304 with no body. It is computed',
    '  after the role check and the account scope, so another account’s object is a 404 whatever tag is sent.',
    '  `Cache-Control: no-store` stays. The portal polls `getTicket` and `listTickets` this way (304 documented there).',
    '- Responses may gain fields: a client ignores the fields it does not know.',
    '',
    '## Operations',
    '',
  );
  for (const [tag, description] of Object.entries(TAGS) as [Tag, string][]) {
    const ops = Object.entries(operations).filter(([, op]) => op.tag === tag) as [string, Operation][];
    if (ops.length === 0) continue;
    p(`### ${description}`, '', '| operation | method and path | who | success |', '| --- | --- | --- | --- |');
    for (const [id, op] of ops) {
      const success = [...Object.keys(op.responses), ...(op.conditional ? ['304'] : [])].join(', ');
      p(`| [${id}](#${anchor(id)}) | \`${op.method} ${op.path}\` | ${who(op)} | ${success} |`);
    }
    p('');
  }
  for (const [id, op] of Object.entries(operations) as [string, Operation][]) {
    const documented = doc.paths[op.path]![op.method.toLowerCase()]!;
    p(`### ${id}`, '', `\`${op.method} ${op.path}\` — ${op.summary}`, '');
    if (op.description) p(op.description, '');
    p(`Who: ${who(op)}.`, '');
    const params = documented.parameters ?? [];
    if (params.length) {
      p('| parameter | in | required | type |', '| --- | --- | --- | --- |');
      for (const param of params) p(`| \`${param.name}\` | ${param.in} | ${param.required ? 'yes' : 'no'} | ${cell(typeOf(param.schema))} |`);
      p('');
    }
    if (documented.requestBody) {
      const body = documented.requestBody.content['application/json']!.schema;
      p(`Body${documented.requestBody.required ? '' : ' (optional)'}:`, '', ...fieldTable(body), '');
    }
    const answers = Object.entries(op.responses).map(([status]) => {
      const schema = (documented as { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> }).responses?.[status]?.content?.['application/json']?.schema;
      return `${status} ${schema ? typeOf(schema) : '(no body)'}`;
    });
    if (op.conditional) answers.push('304 (no body) when `If-None-Match` names the current `ETag`');
    p(`Answers: ${answers.join('; ')}. Problems: ${problemStatuses(op).join(', ')}.`, '');
  }
  p('## Schemas', '');
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    p(`### ${name}`, '');
    if (schema.type === 'object' && schema.properties) p(...fieldTable(schema), '');
    else p(typeOf(schema), '');
  }
  p(
    '## Files',
    '',
    'What the download links hand out (`contracts/files.ts`): an invoice export as JSON ([ExportFile](#exportfile)) or as',
    'CSV (RFC 4180, a header row of the same `columns`, one row per [ExportLine](#exportline), text cells that would',
    'run as spreadsheet formulas prefixed with `\'`).',
    '',
  );
  for (const [name, schema] of Object.entries(fileSchemas()) as [string, Schema][]) {
    p(`### ${name}`, '');
    if (schema.type === 'object' && schema.properties) p(...fieldTable(schema), '');
    else p(typeOf(schema), '');
  }
  p('## Problem statuses', '', '| status | meaning |', '| --- | --- |');
  for (const [status, meaning] of Object.entries(PROBLEM_STATUSES)) p(`| ${status} | ${cell(meaning)} |`);
  p('');
  p(
    '## Vocabulary',
    '',
    'Defined in `contracts/vocabulary.ts`.',
    '',
    '| category | expected | it | en |',
    '| --- | --- | --- | --- |',
    ...vocabulary.CATEGORIES.map((c) => `| \`${c.id}\` | ${c.expected} | ${c.label.it} | ${c.label.en} |`),
    '',
    '| word | values |',
    '| --- | --- |',
    ...(
      [
        ['roles', vocabulary.ROLES],
        ['locales', vocabulary.LOCALES],
        ['ticket statuses', vocabulary.TICKET_STATUSES],
        ['worklog kinds', vocabulary.WORKLOG_KINDS],
        ['root causes', vocabulary.ROOT_CAUSES],
        ['reasons', vocabulary.REASONS],
        ['ledger buckets', vocabulary.BUCKETS],
        ['ledger entry reasons', vocabulary.ENTRY_REASONS],
        ['contest decisions', vocabulary.CONTEST_DECISIONS],
        ['export line kinds', vocabulary.EXPORT_LINE_KINDS],
      ] as const
    ).map(([word, values]) => `| ${word} | ${values.map((v) => `\`${v}\``).join(', ')} |`),
    '',
    '| rule | it | en |',
    '| --- | --- | --- |',
    ...vocabulary.RULES.map((r) => `| \`${r}\` | ${vocabulary.RULE_LABELS[r].it} | ${vocabulary.RULE_LABELS[r].en} |`),
    '',
    '## Local mode only',
    '',
    '`npm start` serves the API and the portal on `http://127.0.0.1:3000` (`PORT` overrides) and seeds these',
    'users, password `demo-password-1`: `admin`, `finance`, `supervisor`, `tech`, and the customer users `alfa`',
    '(Alfa Srl) and `beta` (Beta SpA). They log in through the Cognito emulator named by `/config.json`',
    '(USER_PASSWORD_AUTH). Emails land in the SES emulator on `http://127.0.0.1:8005`, whose captured mail is',
    'at `GET /store`. Nothing of this exists on AWS.',
    '',
  );
  return out.join('\n');
}

export const API_DOC = fileURLToPath(new URL('./api.md', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = renderApiDoc();
  const before = (() => {
    try {
      return readFileSync(API_DOC, 'utf8');
    } catch {
      return '';
    }
  })();
  writeFileSync(API_DOC, text);
  console.log(before === text ? 'docs/api.md is up to date' : 'docs/api.md written');
}
