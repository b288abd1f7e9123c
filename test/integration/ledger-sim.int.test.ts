/**
 * Proves the ledger on DynamoDB Local against the reference model: 200 random sequences (a fresh
 * account each) of grants, orders, settles up and down, replays, stale revisions, time passing and
 * expiries; after every step the stored buckets reconcile with their entries (G1–G5, no negative
 * prepaid bucket), agree with the model, and a replay writes nothing. Then reconcile over every
 * account of the table reports zero drift. A failure prints fast-check's seed and path;
 * `FC_SEED=… FC_PATH=… npx vitest run test/integration/ledger-sim.int.test.ts` replays it.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcileLedger } from '../../functions/jobs/reconcile-ledger';
import { replayParameters, runSequence, sequenceArb } from '../support/ledger-sim';
import { dynamoSystem } from './ledger-fixtures';

const RUNS = Number(process.env.LEDGER_SIM_DYNAMO_RUNS ?? 200);

describe('ledger simulation on DynamoDB Local', () => {
  it(`${RUNS} random sequences agree with the model after every step`, { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArb(12), async ([account, commands]) => {
        await runSequence(dynamoSystem(), account, commands);
      }),
      { numRuns: RUNS, ...replayParameters() },
    );
  });

  it('reconcile recomputes every balance of the table from its entries: zero drift', { timeout: 60_000 }, async () => {
    const report = await reconcileLedger(dynamoSystem().audit);
    expect(report.accounts).toBeGreaterThan(RUNS);
    expect(report.drift).toEqual([]);
  });
});
