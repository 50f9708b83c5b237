import { describe, expect, it } from 'vitest';
import { groupCommitter, type Settled } from './group-commit.js';

/** A write that records its batches and finishes when the test says so. */
function recordingWrite(answer: (item: number) => Settled<string> = (item) => ({ ok: true, value: `wrote ${item}` })) {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const write = (batch: number[]) => {
    batches.push(batch);
    return new Promise<Array<Settled<string>>>((resolve) => pending.push(() => resolve(batch.map(answer))));
  };
  const finishNext = async () => {
    while (pending.length === 0) await new Promise((r) => setImmediate(r));
    pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, write, finishNext };
}

describe('group commit', () => {
  it('writes the first item at once and the items that arrive meanwhile together, each answered with its own result', async () => {
    const { batches, write, finishNext } = recordingWrite();
    const committer = groupCommitter(write, { maxBatch: 10 });
    const answers = [1, 2, 3, 4].map((n) => committer.submit(n));
    expect(batches).toEqual([[1]]);
    await finishNext();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await finishNext();
    expect(await Promise.all(answers)).toEqual(['wrote 1', 'wrote 2', 'wrote 3', 'wrote 4']);
  });

  it('never puts more than maxBatch items in one write', async () => {
    const { batches, write, finishNext } = recordingWrite();
    const committer = groupCommitter(write, { maxBatch: 2 });
    const answers = [1, 2, 3, 4, 5, 6].map((n) => committer.submit(n));
    for (let i = 0; i < 4; i++) await finishNext();
    await Promise.all(answers);
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('writes an item that must go alone in a batch of its own, in its turn', async () => {
    const { batches, write, finishNext } = recordingWrite();
    const committer = groupCommitter(write, { maxBatch: 10, alone: (n) => n === 3 });
    const answers = [1, 2, 3, 4, 5].map((n) => committer.submit(n));
    for (let i = 0; i < 4; i++) await finishNext();
    await Promise.all(answers);
    expect(batches).toEqual([[1], [2], [3], [4, 5]]);
  });

  it('rejects only the item its write refused', async () => {
    const { write, finishNext } = recordingWrite((n) => (n === 2 ? { ok: false, error: new Error('no category 2') } : { ok: true, value: `wrote ${n}` }));
    const committer = groupCommitter(write, { maxBatch: 10 });
    const answers = [1, 2, 3].map((n) => committer.submit(n).catch((e: Error) => e.message));
    await finishNext();
    await finishNext();
    expect(await Promise.all(answers)).toEqual(['wrote 1', 'no category 2', 'wrote 3']);
  });

  it('when a whole batch fails, writes each of its items alone so only the bad one fails', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const committer = groupCommitter<number, string>(
      async (batch) => {
        batches.push(batch);
        if (batch[0] === 1) await first;
        if (batch.includes(3)) throw new Error('constraint violated by 3');
        return batch.map((n) => ({ ok: true, value: `wrote ${n}` }));
      },
      { maxBatch: 10 },
    );
    const answers = [1, 2, 3, 4].map((n) => committer.submit(n).catch((e: Error) => e.message));
    release();
    expect(await Promise.all(answers)).toEqual(['wrote 1', 'wrote 2', 'constraint violated by 3', 'wrote 4']);
    expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('keeps up to `concurrency` writes in flight, the later arrivals waiting for either', async () => {
    const { batches, write, finishNext } = recordingWrite();
    const committer = groupCommitter(write, { maxBatch: 10, concurrency: 2 });
    const answers = [1, 2, 3, 4].map((n) => committer.submit(n));
    expect(batches).toEqual([[1], [2]]);
    await finishNext();
    expect(batches).toEqual([[1], [2], [3, 4]]);
    await finishNext();
    await finishNext();
    expect(await Promise.all(answers)).toEqual(['wrote 1', 'wrote 2', 'wrote 3', 'wrote 4']);
    expect(() => groupCommitter(write, { maxBatch: 1, concurrency: 0 })).toThrow('concurrency');
  });

  it('goes on writing after a failure, and refuses a batch size below one', async () => {
    let calls = 0;
    const committer = groupCommitter<number, number>(
      async (batch) => {
        calls++;
        if (calls === 1) throw new Error('connection lost');
        return batch.map((n) => ({ ok: true, value: n * 10 }));
      },
      { maxBatch: 4 },
    );
    await expect(committer.submit(1)).rejects.toThrow('connection lost');
    expect(await committer.submit(2)).toBe(20);
    expect(() => groupCommitter(async () => [], { maxBatch: 0 })).toThrow('maxBatch');
  });

  it('under load waits gatherMs before a write so more items join it; a lone item, or a full batch, never waits', async () => {
    const { batches, write, finishNext } = recordingWrite();
    const waits: number[] = [];
    let endWait!: () => void;
    const wait = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((resolve) => (endWait = resolve));
    };
    const committer = groupCommitter(write, { maxBatch: 3, gatherMs: 5, wait });

    // Light load: one item, written at once; the next, after it, also at once.
    const lone = committer.submit(1);
    await finishNext();
    expect(await lone).toBe('wrote 1');
    const second = committer.submit(2);
    expect(batches).toEqual([[1], [2]]);
    await finishNext();
    await second;
    expect(waits).toEqual([]);

    // Load: items queue behind a write; after a write of several, the next waits and takes what arrived meanwhile.
    const loaded = [3, 4, 5].map((n) => committer.submit(n));
    await finishNext();
    expect(batches.at(-1)).toEqual([4, 5]);
    const late = [6, 7].map((n) => committer.submit(n));
    await finishNext();
    expect(waits).toEqual([5]);
    const later = committer.submit(8);
    endWait();
    await new Promise((r) => setImmediate(r));
    expect(batches.slice(2)).toEqual([[3], [4, 5], [6, 7, 8]]);

    // A batch already full when the write before it ends does not wait.
    const full = [9, 10, 11].map((n) => committer.submit(n));
    await finishNext();
    expect(batches.at(-1)).toEqual([9, 10, 11]);
    await finishNext();
    expect(waits).toEqual([5]);
    expect(await Promise.all([...loaded, ...late, later, ...full])).toHaveLength(9);

    // Once the queue runs dry the load is light again: the next lone item goes at once.
    const after = committer.submit(12);
    expect(batches.at(-1)).toEqual([12]);
    await finishNext();
    expect(await after).toBe('wrote 12');
    expect(waits).toEqual([5]);
    expect(() => groupCommitter(write, { maxBatch: 1, gatherMs: -1 })).toThrow('gatherMs');
  });
});
