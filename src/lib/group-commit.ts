/**
 * Group commit: requests that arrive while a write is in flight wait and go
 * together in the next one. Each round trip to the database costs about as
 * much CPU as the work it carries, so one transaction for the ten cases that
 * came in during the last write is far cheaper than ten. Under light load a
 * write carries one item and waits for nothing; under heavy load batches grow
 * by themselves. With a concurrency above one, that many writes overlap, each
 * taking what has queued when it starts. (No library fits: this is a queue and
 * a few loops, and what the batch does is the caller's.)
 *
 * `write` answers every item of its batch in order — a value, or the error
 * that item alone deserved. When it throws instead, the batch failed as a
 * whole (a constraint, a lost connection): each item is then written on its
 * own, so one bad item fails only its own request.
 */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<T> {
  /** The most items one write carries. */
  maxBatch: number;
  /** Items that must be written by themselves (their write does work of its own inside the transaction). */
  alone?: (item: T) => boolean;
  /** How many writes may be in flight at once (default 1): a second overlaps its statements with the first's waits. */
  concurrency?: number;
  /**
   * Under load, wait this long before a write for more items to join it (as
   * PostgreSQL's commit_delay does, and only while the last write carried
   * more than one item, as its commit_siblings): at a steady rate the groups
   * would otherwise stay as small as one write's duration lets them, and each
   * write has a cost of its own. A lone item never waits.
   */
  gatherMs?: number;
  /** How to wait gatherMs (tests pass their own). */
  wait?: (ms: number) => Promise<void>;
}

export interface GroupCommitter<T, R> {
  submit(item: T): Promise<R>;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export function groupCommitter<T, R>(write: (batch: T[]) => Promise<Array<Settled<R>>>, options: GroupCommitOptions<T>): GroupCommitter<T, R> {
  if (!Number.isSafeInteger(options.maxBatch) || options.maxBatch < 1) throw new Error('maxBatch must be a whole number ≥ 1');
  const concurrency = options.concurrency ?? 1;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a whole number ≥ 1');
  const gatherMs = options.gatherMs ?? 0;
  if (!(gatherMs >= 0)) throw new Error('gatherMs must be ≥ 0');
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const queue: Array<Waiting<T, R>> = [];
  let writing = 0;
  let lastBatchSize = 0;

  const nextBatch = (): Array<Waiting<T, R>> => {
    if (options.alone?.(queue[0].item)) return queue.splice(0, 1);
    let size = 1;
    while (size < queue.length && size < options.maxBatch && !options.alone?.(queue[size].item)) size++;
    return queue.splice(0, size);
  };

  const settle = (waiting: Waiting<T, R>, result: Settled<R> | undefined) => {
    if (!result) waiting.reject(new Error('the batch write gave no answer for this item'));
    else if (result.ok) waiting.resolve(result.value);
    else waiting.reject(result.error);
  };

  const writeEach = async (batch: Array<Waiting<T, R>>) => {
    try {
      const results = await write(batch.map((w) => w.item));
      batch.forEach((w, i) => settle(w, results[i]));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else for (const w of batch) await writeEach([w]);
    }
  };

  const drain = async () => {
    writing++;
    try {
      while (queue.length > 0) {
        if (gatherMs > 0 && lastBatchSize > 1 && queue.length < options.maxBatch) await wait(gatherMs);
        const batch = nextBatch();
        lastBatchSize = batch.length;
        await writeEach(batch);
      }
    } finally {
      writing--;
      // The queue ran dry: the load is light again, and the next item goes at once.
      lastBatchSize = 0;
    }
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (writing < concurrency) void drain();
      });
    },
  };
}
