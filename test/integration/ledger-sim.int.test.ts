/**
 * Proves the ledger on DynamoDB Local against the reference model: 200 random sequences (a fresh
 * account each) of grants, orders, settles up and down, replays, stale revisions, time passing and
 * expiries; after every step the stored buckets reconcile with their entries (G1–G5, no negative
 * prepaid bucket), agree with the model, and a replay writes nothing. Then reconcile over every
 * account reports zero drift, in the simulation's table and in the stack's (every account any test made). A failure prints fast-check's seed and path;
 * `FC_SEED=… FC_PATH=… npx vitest run test/integration/ledger-sim.int.test.ts` replays it.
 */
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcileLedger } from '../../functions/jobs/reconcile-ledger';
import { replayParameters, runSequence, sequenceArb } from '../support/ledger-sim';
import { SIM_TABLE, createSimTable, dynamoSystem } from './ledger-fixtures';

const RUNS = Number(process.env.LEDGER_SIM_DYNAMO_RUNS ?? 200);

beforeAll(createSimTable);

describe('ledger simulation on DynamoDB Local', () => {
  it(`${RUNS} random sequences agree with the model after every step`, { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArb(12), async ([account, commands]) => {
        await runSequence(dynamoSystem(new Date(), SIM_TABLE), account, commands);
      }),
      { numRuns: RUNS, ...replayParameters() },
    );
  });

  it('reconcile recomputes every balance from its entries: zero drift', async () => {
    const sim = await reconcileLedger(dynamoSystem(new Date(), SIM_TABLE).audit);
    expect(sim.accounts).toBeGreaterThanOrEqual(RUNS);
    expect(sim.drift).toEqual([]);
    const stack = await reconcileLedger(dynamoSystem().audit);
    expect(stack.accounts).toBeGreaterThanOrEqual(2);
    expect(stack.drift).toEqual([]);
  });
});
