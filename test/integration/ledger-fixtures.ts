import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../../functions/adapters/dynamodb/account-store';
import { DynamoLedgerStore } from '../../functions/adapters/dynamodb/ledger-store';
import { createTableInput } from '../../infra/local/bootstrap';
import { DEFAULT_SETTINGS } from '../../functions/core/billing/settings';
import { InMemoryCatalogue, type System } from '../support/ledger-sim';
import { stackEnv } from './support';

/**
 * The ledger's use cases wired to DynamoDB Local of the integration stack, called directly (as the
 * workflow will call settleTicket). The adapters that use the process-wide DocumentClient read the
 * stack's endpoint from the environment, so it is set here first.
 */
Object.assign(process.env, stackEnv);

export const ledgerClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: stackEnv.AWS_REGION!,
    endpoint: stackEnv.AWS_ENDPOINT_URL_DYNAMODB!,
    credentials: { accessKeyId: stackEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: stackEnv.AWS_SECRET_ACCESS_KEY! },
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);

/**
 * A second table of the single table's shape on the same DynamoDB Local, for the simulation and the
 * concurrency test: their thousands of items would otherwise slow every other file's full-table
 * "nothing changed" snapshot.
 */
export const SIM_TABLE = `${stackEnv.TABLE_NAME}-ledger-sim`;

export async function createSimTable(): Promise<void> {
  try {
    await ledgerClient.send(new CreateTableCommand(createTableInput(SIM_TABLE)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
}

/** The use cases on DynamoDB Local, on the stack's table or (for bulk tests) on `SIM_TABLE`. */
export function dynamoSystem(start = new Date(), tableName = stackEnv.TABLE_NAME!): System & { store: DynamoLedgerStore } {
  const store = new DynamoLedgerStore(tableName, ledgerClient);
  const clock = { now: start };
  return {
    store,
    audit: store,
    clock,
    deps: {
      ledger: store,
      accounts: new DynamoAccountStore(tableName),
      // The catalogue is finance's and the route tests edit it; the simulation is about the ledger.
      catalogue: new InMemoryCatalogue(),
      settings: async () => DEFAULT_SETTINGS,
      now: () => clock.now,
    },
  };
}
