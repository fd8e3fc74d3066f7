import { randomUUID } from 'node:crypto';
import { AckBatcher, type AckSender } from './ack-batcher.js';
import { MixinApiError } from './mixin-api.error.js';

const retry = { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2 };
const invalidData = () => new MixinApiError('POST /acknowledgements failed: code 10002 invalid', 400, 10002);

function batcher(send: AckSender, batchSize = 100): AckBatcher {
  // The batcher's warnings (retries, refusals) are expected here; nothing reads them.
  const quiet = { log() {}, warn() {}, error() {}, debug() {} };
  return new AckBatcher({ batchSize, flushIntervalMs: 5, concurrency: 4, retry }, send, quiet);
}

/** Settles every promise and reports which were fulfilled or rejected. */
async function outcomes(promises: Array<Promise<void>>): Promise<Array<'ok' | unknown>> {
  return Promise.all(promises.map((p) => p.then(() => 'ok' as const, (err: unknown) => err)));
}

describe('AckBatcher refusals', () => {
  it('bisects a batch refused for one bad entry: the 99 others land and only that ack is dropped', async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const bad = ids[37];
    const requests: string[][] = [];
    const landed = new Set<string>();
    const b = batcher(async (batch) => {
      requests.push(batch);
      if (batch.includes(bad)) throw invalidData();
      for (const id of batch) landed.add(id);
    });
    const results = await outcomes(ids.map((id) => b.ack(id)));
    expect(landed.size).toBe(99);
    expect(landed.has(bad)).toBe(false);
    expect(results.filter((r) => r === 'ok')).toHaveLength(99);
    expect(results[37]).toBeInstanceOf(MixinApiError);
    // Bisection: one refused batch per level (7 for 100) plus the halves that land.
    expect(requests.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100)) + 1);
    expect(b.outstanding).toBe(0);
  });

  it('rejects the waiter of an ack refused on its own, and a flush does not hang on it', async () => {
    const id = randomUUID();
    const b = batcher(() => Promise.reject(new MixinApiError('refused', 202, 403)));
    const waited = b.ack(id);
    await expect(waited).rejects.toMatchObject({ code: 403 });
    expect(b.outstanding).toBe(0);
    expect(await b.flush(1000)).toBe(true);
  });

  it('an auto-ack refused on its own is dropped, not retried forever', async () => {
    let calls = 0;
    const b = batcher(() => {
      calls++;
      return Promise.reject(invalidData());
    });
    b.enqueue(randomUUID());
    expect(await b.flush(2000)).toBe(true);
    expect(calls).toBe(1);
  });

  it('retries a transiently failed batch whole, without splitting it', async () => {
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const requests: string[][] = [];
    const b = batcher(async (batch) => {
      requests.push(batch);
      if (requests.length <= 2) throw new MixinApiError('HTTP 503', 503);
    });
    await Promise.all(ids.map((id) => b.ack(id)));
    expect(requests).toEqual([ids, ids, ids]);
  });

  it('treats a rejection with a non-Error value as transient', async () => {
    let calls = 0;
    const b = batcher(() => (++calls <= 2 ? Promise.reject(calls === 1 ? undefined : { status: 400, code: 10002 }) : Promise.resolve()));
    await b.ack(randomUUID());
    expect(calls).toBe(3);
  });

  it("waits at least the server's Retry-After before the next ack request, even through a flush", async () => {
    const times: number[] = [];
    let failedAt = 0;
    const b = batcher(async () => {
      times.push(Date.now());
      if (times.length === 1) {
        failedAt = Date.now();
        throw new MixinApiError('code 429', 429, 429, { retryAfterMs: 300 });
      }
    });
    const first = b.ack(randomUUID());
    await b.flush(5000); // shutdown-style flush: skips our own backoff, never the server's wait
    await first;
    expect(times).toHaveLength(2);
    expect(times[1] - failedAt).toBeGreaterThanOrEqual(300);
  });

  it('refuses ids that are not UUIDs: ack() rejects, enqueue() drops, nothing is sent', async () => {
    const sent: string[][] = [];
    const b = batcher(async (batch) => {
      sent.push(batch);
    });
    await expect(b.ack('not-a-uuid\n')).rejects.toThrow('cannot acknowledge not-a-uuid\\n: a message id must be a UUID');
    await expect(b.ack('x'.repeat(10_000))).rejects.toThrow(/…\(10000 chars\)/);
    b.enqueue('"},{"message_id":"evil');
    b.enqueue(42 as unknown as string);
    expect(b.outstanding).toBe(0);
    expect(await b.flush(100)).toBe(true);
    expect(sent).toEqual([]);
  });
});
