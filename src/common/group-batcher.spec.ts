import { GroupBatcher } from './group-batcher';

describe('GroupBatcher', () => {
  it('runs the first call at once and the calls made meanwhile together, in order', async () => {
    const batches: number[][] = [];
    const batcher = new GroupBatcher<number, string>(async (keys) => {
      batches.push(keys);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return keys.map((k) => `v${k}`);
    });
    const values = await Promise.all([1, 2, 3, 4].map((k) => batcher.call(k)));
    expect(values).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a batch at its maximum size', async () => {
    const batches: number[][] = [];
    const batcher = new GroupBatcher<number, number>(
      async (keys) => {
        batches.push(keys);
        await Promise.resolve();
        return keys;
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5, 6].map((k) => batcher.call(k)));
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('rejects every call of a failed batch, and goes on with the next one', async () => {
    const batcher = new GroupBatcher<number, number>(async (keys) => {
      await Promise.resolve();
      if (keys.includes(2)) throw new Error('database down');
      return keys;
    });
    const results = await Promise.allSettled([1, 2, 3].map((k) => batcher.call(k)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await expect(batcher.call(4)).resolves.toBe(4);
  });

  it('rejects the batch when it returns a value count other than its key count', async () => {
    const batcher = new GroupBatcher<number, number>(() => Promise.resolve([]));
    await expect(batcher.call(1)).rejects.toThrow('A batch of 1 returned 0 values');
  });

  it('with lingerMs, holds the first call so that calls made meanwhile join its batch', async () => {
    jest.useFakeTimers();
    try {
      const batches: number[][] = [];
      const batcher = new GroupBatcher<number, number>(
        async (keys) => {
          batches.push(keys);
          await Promise.resolve();
          return keys.map((k) => k * 10);
        },
        { lingerMs: 5 },
      );
      const first = batcher.call(1);
      await jest.advanceTimersByTimeAsync(3);
      expect(batches).toEqual([]); // still lingering
      const rest = [2, 3].map((k) => batcher.call(k));
      await jest.advanceTimersByTimeAsync(2);
      expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30]);
      expect(batches).toEqual([[1, 2, 3]]);
      // A call after the batch has gone lingers again, in a batch of its own.
      const later = batcher.call(4);
      await jest.advanceTimersByTimeAsync(5);
      expect(await later).toBe(40);
      expect(batches).toEqual([[1, 2, 3], [4]]);
    } finally {
      jest.useRealTimers();
    }
  });
});
