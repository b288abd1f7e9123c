/**
 * Proves the caller lookup's cache on its own, with a fake clock: a value is reused for at most its TTL
 * counted from when it was read (never more than a minute, whatever is asked), misses are not cached,
 * concurrent misses share one read, a failed read is not remembered, and the cache stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CALLER_CACHE_SECONDS, ttlCached } from '../../functions/core/accounts/caller';

function counter(values: Record<string, string | undefined>) {
  const reads: string[] = [];
  const lookup = async (key: string) => {
    reads.push(key);
    return values[key];
  };
  return { reads, lookup, values };
}

describe('ttlCached', () => {
  it('reuses a hit until its TTL has passed, then reads again and sees the change', async () => {
    let t = 0;
    const src = counter({ a: 'enabled' });
    const get = ttlCached(src.lookup, { ttlMs: 1000, now: () => t });
    expect(await get('a')).toBe('enabled');
    src.values.a = 'disabled';
    t = 999;
    expect(await get('a')).toBe('enabled');
    t = 1000;
    expect(await get('a')).toBe('disabled');
    expect(src.reads).toEqual(['a', 'a']);
  });

  it('never keeps a value longer than a minute, whatever TTL is asked for', async () => {
    let t = 0;
    const src = counter({ a: 'x' });
    const get = ttlCached(src.lookup, { ttlMs: 3_600_000, now: () => t });
    await get('a');
    t = MAX_CALLER_CACHE_SECONDS * 1000;
    await get('a');
    expect(src.reads).toHaveLength(2);
  });

  it('does not cache a miss: a user created a moment later is found', async () => {
    const src = counter({});
    const get = ttlCached(src.lookup, { ttlMs: 60_000, now: () => 0 });
    expect(await get('new')).toBeUndefined();
    src.values.new = 'x';
    expect(await get('new')).toBe('x');
  });

  it('with a TTL of 0 reads every time', async () => {
    const src = counter({ a: 'x' });
    const get = ttlCached(src.lookup, { ttlMs: 0, now: () => 0 });
    await get('a');
    await get('a');
    expect(src.reads).toHaveLength(2);
  });

  it('shares one read between concurrent misses, and forgets a failed read', async () => {
    let fail = true;
    let reads = 0;
    const get = ttlCached(
      async () => {
        reads++;
        await Promise.resolve();
        if (fail) throw new Error('table down');
        return 'x';
      },
      { ttlMs: 1000, now: () => 0 },
    );
    await expect(Promise.all([get('a'), get('a'), get('a')])).rejects.toThrow('table down');
    expect(reads).toBe(1);
    fail = false;
    expect(await get('a')).toBe('x');
    expect(reads).toBe(2);
  });

  it('holds at most maxEntries values, dropping the oldest', async () => {
    const src = counter({ a: '1', b: '2', c: '3' });
    const get = ttlCached(src.lookup, { ttlMs: 1000, now: () => 0, maxEntries: 2 });
    await get('a');
    await get('b');
    await get('c');
    await get('b');
    await get('a');
    expect(src.reads).toEqual(['a', 'b', 'c', 'a']);
  });
});
