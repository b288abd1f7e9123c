// Proves the LeadingKeys conditions of infra (TABLE_WRITE_PARTITIONS) against what the code really writes:
// the export and catalogue adapters run their writes on DynamoDB Local, on a table of their own (an
// export moves the one watermark, which the exports test owns), through a client that records the
// partition key of every item each write names. A write outside the declared prefixes would be denied on
// AWS, so it fails here first.
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoExportStore } from '../../functions/adapters/dynamodb/export-store';
import { DynamoCatalogueStore } from '../../functions/adapters/dynamodb/catalogue-store';
import { S3ExportFiles } from '../../functions/adapters/s3-export-files';
import { runExport } from '../../functions/core/exports/use-cases';
import { putCatalogueItem } from '../../functions/core/catalogue/use-cases';
import { DEFAULT_SETTINGS } from '../../functions/core/billing/settings';
import { createTableInput } from '../../infra/local/bootstrap';
import { TABLE_WRITE_PARTITIONS } from '../../infra/constructs/service-function';
import { stackEnv } from './support';

Object.assign(process.env, stackEnv);
const TABLE = `${stackEnv.TABLE_NAME}-leading-keys`;
const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand', 'BatchWriteCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/** A DocumentClient that notes the `pk` of every item a write names (marshalled or not). */
function recordingClient(): { client: DynamoDBDocumentClient; written: string[] } {
  const written: string[] = [];
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: stackEnv.AWS_REGION!,
      endpoint: stackEnv.AWS_ENDPOINT_URL_DYNAMODB!,
      credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const pkOf = (key: unknown): string => {
    const pk = (key as { pk?: unknown }).pk;
    return typeof pk === 'string' ? pk : String((pk as { S?: string }).S);
  };
  /** The parts of a write command's input that name items (what these writers send). */
  interface WriteInput {
    Item?: unknown;
    Key?: unknown;
    TransactItems?: { Put?: { Item: unknown }; Update?: { Key: unknown }; Delete?: { Key: unknown }; ConditionCheck?: { Key: unknown } }[];
    RequestItems?: Record<string, { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]>;
  }
  const keysIn = (input: WriteInput): unknown[] => [
    ...(input.Item ? [input.Item] : []),
    ...(input.Key ? [input.Key] : []),
    ...(input.TransactItems ?? []).flatMap((t) => [t.Put?.Item, t.Update?.Key, t.Delete?.Key, t.ConditionCheck?.Key].filter(Boolean)),
    ...Object.values(input.RequestItems ?? {}).flatMap((reqs) => reqs.map((r) => r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
  ];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITES.has(context.commandName ?? '')) written.push(...keysIn(args.input as WriteInput).map(pkOf));
      return next(args);
    },
    { step: 'initialize', name: 'recordWrites' },
  );
  return { client, written };
}

/** IAM's StringLike: `*` any run of characters, `?` one. */
const allowedBy = (patterns: readonly string[], pk: string) =>
  patterns.some((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(pk));

describe('LeadingKeys of the narrowed writers', () => {
  beforeAll(async () => {
    const { client } = recordingClient();
    try {
      await client.send(new CreateTableCommand(createTableInput(TABLE)));
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
  });

  it('create-export and monthly-export write only the export record and the watermark', async () => {
    const { client, written } = recordingClient();
    const outcome = await runExport({ exports: new DynamoExportStore(TABLE, client), files: new S3ExportFiles(stackEnv.BUCKET_NAME!), now: () => new Date() }, {});
    expect(outcome.created).toBe(true);
    expect(written.length).toBeGreaterThan(0);
    expect(written).toEqual(expect.arrayContaining([`EXPORT#${outcome.record.id}`, 'EXPORTS']));
    for (const handler of ['create-export', 'monthly-export']) {
      for (const pk of written) expect(allowedBy(TABLE_WRITE_PARTITIONS[handler]!, pk), `${handler} writes ${pk}`).toBe(true);
    }
  });

  it('put-package writes only the catalogue', async () => {
    const { client, written } = recordingClient();
    // The catalogue's own pkg_10h, unchanged: the write is what counts, and the catalogue's rules hold.
    await putCatalogueItem({ catalogue: new DynamoCatalogueStore(TABLE, client), settings: async () => DEFAULT_SETTINGS }, { id: 'pkg_10h', minutes: 600, priceCents: 52_000, active: true });
    expect(written).toEqual(['CATALOGUE']);
    for (const pk of written) expect(allowedBy(TABLE_WRITE_PARTITIONS['put-package']!, pk), pk).toBe(true);
  });

  it('the check is live: a partition outside the prefixes is refused', () => {
    expect(allowedBy(TABLE_WRITE_PARTITIONS['put-package']!, 'CUSTOMER#c_1')).toBe(false);
    expect(allowedBy(TABLE_WRITE_PARTITIONS['create-export']!, 'EXPORTSX')).toBe(false);
    expect(allowedBy(TABLE_WRITE_PARTITIONS['create-export']!, 'EXPORT#x_01J')).toBe(true);
  });
});
