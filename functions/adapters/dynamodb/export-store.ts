import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { exportHolding, inRange, positionOf, throughPosition, type ExportRange, type ExportRecord } from '#core/exports/exports';
import { type LineContext } from '#core/exports/lines';
import type { LedgerEntry, SettleRecord } from '#core/ledger/ledger';
import type { CustomerFiscalData } from '#core/einvoicing/fiscal-data';
import type { DraftSeries, ExportStore, NumberingClaim, Page } from '#core/ports';
import { backoffMs } from '#core/backoff';
import { batchGetAll } from './batch-get';
import { documentClient } from './client';
import { fromItem } from './items';
import { keys } from './keys';
import { decodeCursor, encodeCursor } from './pagination';

type Item = Record<string, unknown>;

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, backoffMs(attempt, { baseMs: 5, capMs: 200 })));

type Lines = { entry: LedgerEntry; context: LineContext }[];

/** What a line shows of its account, and what its invoice draft needs. */
const ACCOUNT_ATTRIBUTES = ['id', 'name', 'vatNumber', 'subjectType', 'legalName', 'taxCode', 'address', 'recipientCode', 'pec', 'paymentTermsDays'];

/**
 * Invoice exports on the single table (`core/exports/exports.ts` states X1–X4 and how they hold): the head item
 * `EXPORTS/HEAD` (`latestThrough`, `latestId`), the immutable records `EXPORT#<id>`, and the billable
 * entries in gsi1's one `BILLABLE` partition by position, which exports only read.
 *
 * One partition, not one per month: billable entries are written at the pace of settled tickets and
 * package orders (a few a minute), far below a partition's write limit, and an export reads its range in
 * order anyway; months would add a lower bound to find for the first export and seams to stitch.
 */
export class DynamoExportStore implements ExportStore {
  /** Account names by id, for the lines; bounded so a huge export holds no more than this many. */
  private readonly accounts = new Map<string, { name: string; vatNumber?: string; fiscal?: CustomerFiscalData }>();

  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async head() {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.exportsHead(), ConsistentRead: true }));
    const item = out.Item ?? {};
    return {
      ...(typeof item.latestId === 'string' ? { latestId: item.latestId } : {}),
      ...(typeof item.latestThrough === 'string' ? { latestThrough: item.latestThrough } : {}),
    };
  }

  /**
   * The range's entries, by position, with what each line shows: the next page (1 MB from DynamoDB) is
   * queried while this one's accounts, tickets and credits are looked up and the caller writes it, so at
   * most two pages are held at once.
   */
  async *range(range: ExportRange): AsyncIterable<Lines> {
    const exports = await this.allRanges();
    for await (const entries of this.rangePages(range)) yield await this.withContext(entries, exports);
  }

  private async *rangePages(range: ExportRange): AsyncIterable<LedgerEntry[]> {
    const { gsi1pk } = keys.billableEntry('', '');
    const through = throughPosition(range.through);
    // BETWEEN is inclusive, but no position equals a through (positions hold '#'), so it is (from, through].
    const query = (startKey: Item | undefined) =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: range.from === undefined ? 'gsi1pk = :pk AND gsi1sk <= :through' : 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :through',
          ExpressionAttributeValues: { ':pk': gsi1pk, ':through': through, ...(range.from === undefined ? {} : { ':from': throughPosition(range.from) }) },
          ExclusiveStartKey: startKey,
        }),
      );
    let next: ReturnType<typeof query> | undefined = query(undefined);
    while (next) {
      const page: Awaited<ReturnType<typeof query>> = await next;
      next = page.LastEvaluatedKey ? query(page.LastEvaluatedKey) : undefined;
      next?.catch(() => undefined);
      const entries = (page.Items ?? []).map((i) => fromItem<LedgerEntry>(i)).filter((e) => inRange(positionOf(e), range));
      if (entries.length) yield entries;
    }
  }

  /** Every export's range, for naming what a credit corrects (there are a dozen a year). */
  private async allRanges(): Promise<(ExportRange & { id: string })[]> {
    const out: (ExportRange & { id: string })[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      out.push(...page.items.map((r) => ({ id: r.id, through: r.through, ...(r.from !== undefined ? { from: r.from } : {}) })));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** The account, ticket and (for credits) corrected exports of each entry of a page: batched reads. */
  private async withContext(entries: LedgerEntry[], exports: readonly (ExportRange & { id: string })[]): Promise<Lines> {
    const missing = [...new Set(entries.map((e) => e.customerId))].filter((id) => !this.accounts.has(id));
    if (this.accounts.size + missing.length > 10_000) this.accounts.clear();
    const ticketIds = [...new Set(entries.flatMap((e) => (e.ticketId ? [e.ticketId] : [])))];
    const [accountItems, ticketItems] = await Promise.all([
      batchGetAll(this.client, this.tableName, missing.map((id) => keys.customer(id)), ACCOUNT_ATTRIBUTES),
      batchGetAll(this.client, this.tableName, ticketIds.map((id) => keys.ticket(id)), ['id', 'number', 'category']),
    ]);
    for (const item of accountItems) {
      const { id, name, vatNumber, ...fiscal } = item as unknown as { id: string; name: string; vatNumber?: string } & CustomerFiscalData;
      this.accounts.set(id, { name, ...(vatNumber ? { vatNumber } : {}), fiscal });
    }
    const tickets = new Map(ticketItems.map((t) => [t.id as string, { number: t.number as string, category: t.category as string }]));
    return Promise.all(
      entries.map(async (entry) => {
        const account = this.accounts.get(entry.customerId);
        const ticket = entry.ticketId ? tickets.get(entry.ticketId) : undefined;
        const corrects = entry.bucket === 'consuntivo' && entry.reason === 'give_back' ? await this.corrected(entry, exports) : undefined;
        return { entry, context: { ...(account ? { account } : {}), ...(ticket ? { ticket } : {}), ...(corrects ? { corrects } : {}) } };
      }),
    );
  }

  /** The exports that billed the consuntivo a give-back returns: those whose ranges hold the ticket's earlier consume entries. */
  private async corrected(entry: LedgerEntry, exports: readonly (ExportRange & { id: string })[]): Promise<string[]> {
    if (!entry.ticketId) return [];
    const pk = keys.customer(entry.customerId).pk;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': `${keys.settlement(entry.customerId, entry.ticketId).sk}#REV#` },
      }),
    );
    const consumed = (out.Items ?? [])
      .flatMap((r) => (r as unknown as SettleRecord).result.entries)
      .filter((e) => e.bucket === 'consuntivo' && e.reason === 'consume' && (e.revision ?? 0) < (entry.revision ?? Infinity));
    return [...new Set(consumed.flatMap((e) => exportHolding(positionOf(e), exports) ?? []))].sort();
  }

  async numbering(series: DraftSeries): Promise<{ nextNumber: number; nextFile: number }> {
    const last = async (key: { pk: string; sk: string }) => {
      const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return typeof out.Item?.last === 'number' ? out.Item.last : 0;
    };
    const [number, file] = await Promise.all([last(keys.invoiceCounter(series.series, series.year)), last(keys.draftFileCounter(series.transmitterId))]);
    return { nextNumber: number + 1, nextFile: file + 1 };
  }

  /** A counter moved from `next - 1` to `next - 1 + count`, only if no one moved it meanwhile. */
  private counterMove(key: { pk: string; sk: string }, next: number, count: number) {
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET #last = :to, #type = :type',
        ConditionExpression: next === 1 ? 'attribute_not_exists(pk)' : '#last = :from',
        ExpressionAttributeNames: { '#last': 'last', '#type': 'type' },
        ExpressionAttributeValues: { ':to': next - 1 + count, ':type': 'counter', ...(next === 1 ? {} : { ':from': next - 1 }) },
      },
    };
  }

  async commit(record: ExportRecord, numbering?: NumberingClaim): Promise<'committed' | 'lost'> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.exportRecord(record.id), ...keys.exportListed(record.createdAt, record.id), type: 'export', ...record },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.exportsHead(),
                  UpdateExpression: 'SET latestId = :x, latestThrough = :t',
                  ConditionExpression: record.from === undefined ? 'attribute_not_exists(latestThrough)' : 'latestThrough = :from',
                  ExpressionAttributeValues: { ':x': record.id, ':t': record.through, ...(record.from === undefined ? {} : { ':from': record.from }) },
                },
              },
              // The drafts' numbers, taken in the same transaction: committed with the export or not at all.
              ...(numbering && numbering.count > 0
                ? [
                    this.counterMove(keys.invoiceCounter(numbering.series, numbering.year), numbering.nextNumber, numbering.count),
                    this.counterMove(keys.draftFileCounter(numbering.transmitterId), numbering.nextFile, numbering.count),
                  ]
                : []),
            ],
          }),
        );
        return 'committed';
      } catch (err) {
        const name = (err as Error).name;
        if (name !== 'TransactionCanceledException' && name !== 'TransactionConflictException') throw err;
        // Lost the head to another export, or only collided with one in flight: the head says which.
        const head = await this.head();
        if (head.latestId === record.id) return 'committed'; // an SDK retry of a commit that went through
        if (head.latestThrough !== record.from) return 'lost';
        if (attempt >= 10) throw err;
        await backoff(attempt);
      }
    }
  }

  async get(id: string): Promise<ExportRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.exportRecord(id), ConsistentRead: true }));
    return out.Item ? fromItem<ExportRecord>(out.Item) : undefined;
  }

  async list(query: { limit: number; cursor?: string }): Promise<Page<ExportRecord>> {
    const { gsi1pk } = keys.exportListed('', '');
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, { gsi1pk }),
      }),
    );
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return { items: (out.Items ?? []).map((i) => fromItem<ExportRecord>(i)), ...(nextCursor ? { nextCursor } : {}) };
  }
}
