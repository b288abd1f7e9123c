/**
 * Proves the tests' one wait helper: it returns as soon as the condition holds, a probe that throws
 * fails the wait at once, and past the deadline the error names what was awaited and what is stuck.
 */
import { describe, expect, it } from 'vitest';
import { notYet, waitFor } from '../support/wait';

describe('waitFor', () => {
  it('polls until the probe returns something other than notYet, and returns it', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls === 3 ? { calls } : notYet(`only ${calls} call(s)`)));
    expect(value).toEqual({ calls: 3 });
  });

  it('past the deadline, names what it waited for and what is still stuck', async () => {
    await expect(waitFor('ticket t_1 to close', async () => notYet('t_1 resolved, execution RUNNING'), { timeoutMs: 50 })).rejects.toThrow(
      /^waited \d+\.\d s for ticket t_1 to close; still t_1 resolved, execution RUNNING$/,
    );
  });

  it('fails at once when the probe throws', async () => {
    let calls = 0;
    await expect(
      waitFor('a copy to start', () => {
        calls++;
        throw new Error('the copy exited with 1');
      }),
    ).rejects.toThrow('the copy exited with 1');
    expect(calls).toBe(1);
  });
});
