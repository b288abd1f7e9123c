/**
 * Proves the local Step Functions stand-in through the real SFN client: executions run the ASL with
 * Lambda tasks in-process, `.waitForTaskToken` hands a token to the handler and waits for
 * SendTaskSuccess/Failure, error names drive Retry/Catch, names are idempotent like on AWS, and
 * unfinished executions are run again after a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, ListExecutionsCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { LocalStepFunctions, type LambdaHandler } from '../../infra/local/step-functions';
import { notYet, waitFor } from '../support/wait';

const ARN = 'arn:aws:states:eu-south-1:000000000000:stateMachine:test';
const definition = {
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'greet', 'Payload.$': '$' }, OutputPath: '$.Payload', Next: 'Wait' },
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'park', Payload: { 'token.$': '$$.Task.Token', 'who.$': '$.who' } },
      TimeoutSeconds: 30,
      Next: 'Flaky',
    },
    Flaky: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'flaky', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
      End: true,
    },
    Caught: { Type: 'Fail', Error: 'Caught', Cause: 'flaky failed for good' },
  },
};

const parked: string[] = [];
let flakyCalls = 0;
let flakyFailures = 0;
const functions: Record<string, LambdaHandler> = {
  greet: async (p) => ({ ...(p as object), greeted: true }),
  park: async (p) => {
    parked.push((p as { token: string }).token);
    return null;
  },
  flaky: async (p) => {
    flakyCalls++;
    if (flakyCalls <= flakyFailures) throw Object.assign(new Error('try again'), { name: (p as { fatal?: boolean }).fatal ? 'Boom' : 'TransientError' });
    return { done: p };
  },
};

let standin: LocalStepFunctions | undefined;
async function start(stateFile?: string) {
  standin = new LocalStepFunctions({ stateMachineArn: ARN, definition, functions, ...(stateFile ? { stateFile } : {}) });
  const endpoint = await standin.listen(0);
  return new SFNClient({ endpoint, region: 'eu-south-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
}
/** Waits until `n` executions have reached the Wait state and parked its token. */
const parkedTokens = (n: number) =>
  waitFor(`${n} task token(s) parked by the Wait state`, () => parked.length >= n || notYet(`${parked.length} parked: an execution has not got past Greet into Wait`));

afterEach(async () => {
  await standin?.close();
  parked.length = 0;
  flakyCalls = 0;
  flakyFailures = 0;
});

describe('local Step Functions', () => {
  it('runs tasks, waits for the token, retries transient errors', async () => {
    const sfn = await start();
    flakyFailures = 2;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 't1', input: JSON.stringify({ who: 'alfa' }) }));
    await parkedTokens(1);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: parked[0]!, output: JSON.stringify({ resolved: 'yes' }) }));
    await standin!.idle();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ done: { resolved: 'yes' } });
    expect(flakyCalls).toBe(3);
  });

  it('catches a non-transient error by name', async () => {
    const sfn = await start();
    flakyFailures = 1;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 't2', input: '{"who":"beta"}' }));
    await parkedTokens(1);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: parked[0]!, output: '{"fatal":true}' }));
    await standin!.idle();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('Caught');
  });

  it('treats a repeated name like AWS, and refuses a stale token', async () => {
    const sfn = await start();
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 't3', input: '{"who":"x"}' }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 't3', input: '{"who":"x"}' }));
    expect(again.executionArn).toBe(first.executionArn);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 't3', input: '{"who":"y"}' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'nope', output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: ARN, statusFilter: 'RUNNING' }));
    expect(list.executions?.map((e) => e.name)).toEqual(['t3']);
  });

  it('runs unfinished executions again after a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'sfn-')), 'executions.json');
    let sfn = await start(stateFile);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 't4', input: '{"who":"gamma"}' }));
    await parkedTokens(1);
    await standin!.close();

    sfn = await start(stateFile);
    expect(standin!.resumeUnfinished()).toBe(1);
    await parkedTokens(2);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: parked[0]!, output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: parked[1]!, output: '{"after":"restart"}' }));
    await standin!.idle();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED');
  });
});
