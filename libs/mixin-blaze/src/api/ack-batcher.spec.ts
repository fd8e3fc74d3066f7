import { AckBatcher, type AckBatcherConfig, type AckSender } from './ack-batcher.js';

// The batcher's warnings (retries, refusals) are expected here; nothing reads them.
const quiet = { log() {}, warn() {}, error() {}, debug() {} };
const batcherOf = (config: AckBatcherConfig, send: AckSender) => new AckBatcher(config, send, quiet);

const retry = { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2 };
// Readable names mapped onto UUIDs: the batcher accepts nothing else.
const u = (name: string) => `00000000-0000-4000-8000-${Buffer.from(name).toString('hex').padStart(12, '0').slice(-12)}`;

describe('AckBatcher', () => {
  it('sends at most batchSize ids per request and resolves each ack once its batch landed', async () => {
    const batches: string[][] = [];
    const batcher = batcherOf({ batchSize: 100, flushIntervalMs: 20, concurrency: 2, retry }, async (ids) => {
      batches.push(ids);
    });
    const ids = Array.from({ length: 250 }, (_, i) => u(`m${i}`));
    await Promise.all(ids.map((id) => batcher.ack(id)));
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(ids);
    expect(batcher.outstanding).toBe(0);
  });

  it('retries a failed batch until it lands and never resolves an ack early', async () => {
    let failures = 3;
    const landed: string[] = [];
    const batcher = batcherOf({ batchSize: 10, flushIntervalMs: 1, concurrency: 1, retry }, async (ids) => {
      if (failures-- > 0) throw new Error('503');
      landed.push(...ids);
    });
    let resolved = false;
    const done = batcher.ack(u('a')).then(() => (resolved = true));
    expect(resolved).toBe(false);
    await done;
    expect(landed).toEqual([u('a')]);
    expect(failures).toBe(-1);
  });

  it('shares one ack between duplicate ids and flushes on demand', async () => {
    const batches: string[][] = [];
    const batcher = batcherOf({ batchSize: 100, flushIntervalMs: 60_000, concurrency: 1, retry }, async (ids) => {
      batches.push(ids);
    });
    void batcher.ack(u('x'));
    void batcher.ack(u('x'));
    expect(await batcher.flush(5_000)).toBe(true);
    expect(batches).toEqual([[u('x')]]);
  });

  it('queues auto-acks without a promise, and a later ack() of the same id waits for that one send', async () => {
    const batches: string[][] = [];
    const batcher = batcherOf({ batchSize: 100, flushIntervalMs: 60_000, concurrency: 1, retry }, async (ids) => {
      batches.push(ids);
    });
    batcher.enqueue(u('auto'));
    batcher.enqueue(u('auto'));
    expect(batcher.outstanding).toBe(1);
    let landed = false;
    const waited = batcher.ack(u('auto')).then(() => (landed = true));
    expect(await batcher.flush(5_000)).toBe(true);
    await waited;
    expect(landed).toBe(true);
    expect(batches).toEqual([[u('auto')]]);
    expect(batcher.outstanding).toBe(0);
  });

  it('sends a partial batch at the end of the turn when nothing is in flight, without waiting the interval', async () => {
    const batches: string[][] = [];
    const batcher = batcherOf({ batchSize: 100, flushIntervalMs: 60_000, concurrency: 4, retry }, async (ids) => {
      batches.push(ids);
    });
    await Promise.all(['a', 'b', 'c'].map((id) => batcher.ack(u(id))));
    expect(batches).toEqual([['a', 'b', 'c'].map(u)]);
  });

  it('holds a partial batch while an earlier one is on the wire, and sends it when that one returns', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const firstReturns = new Promise<void>((resolve) => (release = resolve));
    const batcher = batcherOf({ batchSize: 100, flushIntervalMs: 60_000, concurrency: 4, retry }, async (ids) => {
      batches.push(ids);
      if (batches.length === 1) await firstReturns;
    });
    const a = batcher.ack(u('a'));
    while (batches.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const b = batcher.ack(u('b'));
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[u('a')]]); // 'b' waits for companions while 'a' is in flight
    release();
    await Promise.all([a, b]);
    expect(batches).toEqual([[u('a')], [u('b')]]);
  });

  it('with no wait allowed (socket acks), gathers the acks of one turn into one batch', async () => {
    const batches: string[][] = [];
    const batcher = batcherOf({ batchSize: 100, flushIntervalMs: 0, concurrency: 16, retry }, async (ids) => {
      batches.push(ids);
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => batcher.ack(u(id))));
    await batcher.ack(u('f')); // a later turn: a batch of its own, sent without waiting
    expect(batches).toEqual([['a', 'b', 'c', 'd', 'e'].map(u), [u('f')]]);
  });

  it('reports a flush that cannot finish before its deadline', async () => {
    const batcher = batcherOf({ batchSize: 100, flushIntervalMs: 1, concurrency: 1, retry }, () =>
      Promise.reject(new Error('down')),
    );
    void batcher.ack(u('y'));
    expect(await batcher.flush(50)).toBe(false);
    expect(batcher.outstanding).toBe(1);
    batcher.stop();
  });
});
