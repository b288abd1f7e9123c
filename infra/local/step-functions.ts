import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';

/**
 * The local stand-in for the Step Functions API: just the calls the handlers make through the normal
 * SFN client (`AWS_ENDPOINT_URL_SFN`): StartExecution, SendTaskSuccess, SendTaskFailure,
 * DescribeExecution, ListExecutions. Executions run in aws-local-stepfunctions on the ASL resolved from
 * the CDK construct; each `lambda:invoke` Task calls the handler in-process. `.waitForTaskToken` is not
 * built into the interpreter, so the Task override makes a token, hands it to the handler where the
 * definition puts `$$.Task.Token`, and waits for SendTaskSuccess/Failure.
 *
 * Executions are kept in a JSON file (when persistent): after a restart every RUNNING execution is run
 * again from the start with its input, which converges because every step is idempotent.
 */
export type LambdaHandler = (payload: unknown) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  stateMachineArn: string;
  /** The ASL, Lambda ARNs already replaced by function names. */
  definition: Record<string, unknown>;
  /** Function name (as it appears in the ASL's `FunctionName`) → handler. */
  functions: Record<string, LambdaHandler>;
  /** Where executions are persisted; in memory when absent. */
  stateFile?: string;
  /** Child state machines a Task starts with `states:startExecution.sync`, by ARN (run in-process, awaited). */
  children?: Record<string, Record<string, unknown>>;
}

type TaskKind = 'lambda' | 'lambda-token' | 'child';

/** The Task states of a definition that the stand-in runs itself, by kind. */
function taskStatesOf(definition: Record<string, unknown>): [string, TaskKind][] {
  const states = (definition as { States: Record<string, { Type: string; Resource?: string }> }).States;
  const out: [string, TaskKind][] = [];
  for (const [name, state] of Object.entries(states)) {
    if (state.Type !== 'Task' || !state.Resource) continue;
    if (state.Resource.startsWith('arn:aws:states:::lambda:invoke')) out.push([name, state.Resource.endsWith('.waitForTaskToken') ? 'lambda-token' : 'lambda']);
    else if (state.Resource.startsWith('arn:aws:states:::states:startExecution.sync')) out.push([name, 'child']);
  }
  return out;
}

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

interface PendingTask {
  executionArn: string;
  resolve: (output: unknown) => void;
  reject: (err: Error) => void;
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Marker put where the ASL reads `$$.Task.Token`; the Task override swaps it for a real token. */
const TOKEN_MARKER = '__LOCAL_TASK_TOKEN__';

function replaceMarker(value: unknown, token: string): unknown {
  if (value === TOKEN_MARKER) return token;
  if (Array.isArray(value)) return value.map((v) => replaceMarker(v, token));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMarker(v, token)]));
  return value;
}

export class LocalStepFunctions {
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly tasks = new Map<string, PendingTask>();
  private readonly running = new Set<Promise<void>>();
  private readonly machine: StateMachine;
  private readonly tasks_: [string, TaskKind][];
  private readonly children = new Map<string, { machine: StateMachine; tasks: [string, TaskKind][] }>();
  private readonly aborts = new Set<() => void>();
  private stopped = false;
  private server: Server | undefined;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    const validationOptions = { checkArn: false, checkPaths: false };
    this.machine = new StateMachine(options.definition as never, { validationOptions });
    this.tasks_ = taskStatesOf(options.definition);
    for (const [arn, definition] of Object.entries(options.children ?? {})) {
      this.children.set(arn, { machine: new StateMachine(definition as never, { validationOptions }), tasks: taskStatesOf(definition) });
    }
    if (options.stateFile && existsSync(options.stateFile)) {
      for (const record of JSON.parse(readFileSync(options.stateFile, 'utf8')) as ExecutionRecord[]) this.executions.set(record.executionArn, record);
    }
  }

  /** Runs again every execution a previous process left RUNNING. Returns how many. */
  resumeUnfinished(): number {
    const unfinished = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const record of unfinished) this.run(record);
    return unfinished.length;
  }

  /** Resolves when no execution is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled(this.running);
  }

  async listen(port: number): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const op = String(req.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        const out = this.call(op, body);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(out));
      } catch (err) {
        const type = err instanceof AwsError ? err.type : 'InternalFailure';
        res.writeHead(err instanceof AwsError ? 400 : 500, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: type, message: (err as Error).message }));
      }
    });
    const server = this.server;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  /** Stops accepting calls. Running executions are abandoned (they stay RUNNING and resume on the next start). */
  async close(): Promise<void> {
    this.stopped = true;
    this.server?.closeAllConnections();
    await new Promise((r) => (this.server ? this.server.close(r) : r(undefined)));
    for (const abort of this.aborts) abort();
    // Settle the waiting tasks too, so the interpreter clears their (weeks-long) timeout timers.
    for (const task of this.tasks.values()) task.reject(Object.assign(new Error('local Step Functions stopped'), { name: 'States.Runtime' }));
    this.tasks.clear();
    await this.idle();
  }

  private call(op: string, body: Record<string, unknown>): unknown {
    switch (op) {
      case 'StartExecution':
        return this.startExecution(body as { stateMachineArn: string; name?: string; input?: string });
      case 'SendTaskSuccess':
        return this.finishTask(String(body.taskToken), (t) => t.resolve(JSON.parse(String(body.output ?? 'null'))));
      case 'SendTaskFailure':
        return this.finishTask(String(body.taskToken), (t) =>
          t.reject(Object.assign(new Error(String(body.cause ?? '')), { name: String(body.error ?? 'States.TaskFailed') })),
        );
      case 'DescribeExecution': {
        const record = this.executions.get(String(body.executionArn));
        if (!record) throw new AwsError('ExecutionDoesNotExist', `execution ${String(body.executionArn)} does not exist`);
        return { ...record, startDate: record.startDate / 1000, ...(record.stopDate ? { stopDate: record.stopDate / 1000 } : {}) };
      }
      case 'ListExecutions': {
        const filter = body.statusFilter as string | undefined;
        const items = [...this.executions.values()]
          .filter((e) => e.stateMachineArn === body.stateMachineArn && (!filter || e.status === filter))
          .map((e) => ({ executionArn: e.executionArn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: e.startDate / 1000 }));
        return { executions: items };
      }
      default:
        throw new AwsError('UnknownOperationException', `${op} is not supported by the local Step Functions stand-in`);
    }
  }

  private startExecution(body: { stateMachineArn: string; name?: string; input?: string }) {
    if (body.stateMachineArn !== this.options.stateMachineArn) throw new AwsError('StateMachineDoesNotExist', `state machine ${body.stateMachineArn} does not exist`);
    const name = body.name ?? randomUUID();
    const executionArn = `${body.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const input = body.input ?? '{}';
    const existing = this.executions.get(executionArn);
    if (existing) {
      // As on AWS: the same name and input while it runs is the same execution; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: existing.startDate / 1000 };
      throw new AwsError('ExecutionAlreadyExists', `execution ${name} already exists`);
    }
    const record: ExecutionRecord = { executionArn, stateMachineArn: body.stateMachineArn, name, input, status: 'RUNNING', startDate: Date.now() };
    this.executions.set(executionArn, record);
    this.save();
    this.run(record);
    return { executionArn, startDate: record.startDate / 1000 };
  }

  private finishTask(token: string, finish: (task: PendingTask) => void) {
    const task = this.tasks.get(token);
    if (!task) throw new AwsError('TaskDoesNotExist', 'the task token is not valid or its task has finished');
    this.tasks.delete(token);
    finish(task);
    return {};
  }

  private async invoke(input: { FunctionName: string; Payload: unknown }, waitForToken: boolean, executionArn: string): Promise<unknown> {
    const handler = this.options.functions[input.FunctionName];
    if (!handler) throw Object.assign(new Error(`no local function ${input.FunctionName}`), { name: 'Lambda.ResourceNotFoundException' });
    if (!waitForToken) return { StatusCode: 200, Payload: await this.callHandler(handler, input.Payload) };
    const token = Buffer.from(randomUUID()).toString('base64url');
    const result = new Promise<unknown>((resolve, reject) => this.tasks.set(token, { executionArn, resolve, reject }));
    await this.callHandler(handler, replaceMarker(input.Payload, token));
    return result;
  }

  /** Lambda semantics: the payload goes through JSON both ways, and a thrown error's name is its type. */
  private async callHandler(handler: LambdaHandler, payload: unknown): Promise<unknown> {
    const out = await handler(JSON.parse(JSON.stringify(payload ?? null)));
    return out === undefined ? null : JSON.parse(JSON.stringify(out));
  }

  private run(record: ExecutionRecord): void {
    const context = {
      Execution: { Id: record.executionArn, Name: record.name, Input: JSON.parse(record.input), StartTime: new Date(record.startDate).toISOString() },
      StateMachine: { Id: record.stateMachineArn },
      Task: { Token: TOKEN_MARKER },
    };
    const execution = this.machine.run(JSON.parse(record.input), { overrides: { taskResourceLocalHandlers: this.handlersFor(this.tasks_, record.executionArn) as never }, context, noThrowOnAbort: true });
    this.aborts.add(execution.abort);
    const done = execution.result.then(
      (output: unknown) => {
        // Aborted because this process is stopping: it stays RUNNING and is resumed on the next start.
        if (this.stopped) return;
        Object.assign(record, { status: 'SUCCEEDED', stopDate: Date.now(), output: JSON.stringify(output ?? null) });
      },
      (err: Error) => {
        if (this.stopped) return;
        const inner = (err as { cause?: Error }).cause;
        Object.assign(record, { status: 'FAILED', stopDate: Date.now(), error: inner?.name ?? err.name, cause: inner?.message ?? err.message });
      },
    );
    const tracked = done.finally(() => {
      this.aborts.delete(execution.abort);
      this.running.delete(tracked);
      this.save();
    });
    this.running.add(tracked);
  }

  /** The Task overrides of one execution: Lambda invocations, task tokens, child executions. */
  private handlersFor(tasks: readonly [string, TaskKind][], executionArn: string): Record<string, (input: unknown) => Promise<unknown>> {
    return Object.fromEntries(
      tasks.map(([state, kind]) => [
        state,
        (input: unknown) =>
          kind === 'child'
            ? this.runChild(input as { StateMachineArn: string; Input: unknown }, executionArn)
            : this.invoke(input as { FunctionName: string; Payload: unknown }, kind === 'lambda-token', executionArn),
      ]),
    );
  }

  /**
   * `states:startExecution.sync:2`: runs the child to its end and returns what Step Functions returns
   * (its output parsed); a failed child fails the task with `States.TaskFailed`, as on AWS.
   */
  private async runChild(input: { StateMachineArn: string; Input: unknown }, parentArn: string): Promise<unknown> {
    const child = this.children.get(input.StateMachineArn);
    if (!child) throw Object.assign(new Error(`no local state machine ${input.StateMachineArn}`), { name: 'States.Runtime' });
    const executionArn = `${input.StateMachineArn.replace(':stateMachine:', ':express:')}:${randomUUID()}`;
    const payload = JSON.parse(JSON.stringify(input.Input ?? {})) as unknown;
    const run = child.machine.run(payload as never, {
      overrides: { taskResourceLocalHandlers: this.handlersFor(child.tasks, parentArn) as never },
      context: { Execution: { Id: executionArn, Name: executionArn.split(':').pop(), Input: payload as never, StartTime: new Date().toISOString() } },
      noThrowOnAbort: true,
    });
    this.aborts.add(run.abort);
    try {
      const output = await run.result;
      return { ExecutionArn: executionArn, StateMachineArn: input.StateMachineArn, Status: 'SUCCEEDED', Output: output };
    } catch (err) {
      const inner = (err as { cause?: Error }).cause ?? (err as Error);
      throw Object.assign(new Error(JSON.stringify({ Error: inner.name, Cause: inner.message })), { name: 'States.TaskFailed' });
    } finally {
      this.aborts.delete(run.abort);
    }
  }

  private save(): void {
    if (!this.options.stateFile) return;
    mkdirSync(dirname(this.options.stateFile), { recursive: true });
    const tmp = `${this.options.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.executions.values()]));
    renameSync(tmp, this.options.stateFile);
  }
}
