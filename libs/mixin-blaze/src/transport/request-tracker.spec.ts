import { BlazeConnectionError } from './blaze-connection.error.js';
import { RequestTracker } from './request-tracker.js';

describe('RequestTracker', () => {
  it('consumes a late reply to a request that timed out, instead of passing it on as a push', async () => {
    const tracker = new RequestTracker();
    const request = tracker.track('req-1', 'CREATE_MESSAGE', 10);
    await expect(request).rejects.toBeInstanceOf(BlazeConnectionError);
    expect(tracker.settle({ id: 'req-1', action: 'CREATE_MESSAGE', data: { message_id: 'm' } })).toBe(true);
    // Only once: a second frame with that id is not a reply to anything.
    expect(tracker.settle({ id: 'req-1', action: 'CREATE_MESSAGE' })).toBe(false);
    expect(tracker.settle({ id: 'never-sent', action: 'CREATE_MESSAGE' })).toBe(false);
  });

  it('rejects a reply with an error as BlazeRequestError carrying the code, even if the error is odd', async () => {
    const tracker = new RequestTracker();
    const request = tracker.track('req-2', 'CREATE_MESSAGE', 1_000);
    tracker.settle({ id: 'req-2', action: 'CREATE_MESSAGE', error: { code: { toString: 1 } as never, description: 7 as never } });
    await expect(request).rejects.toMatchObject({ name: 'BlazeRequestError', code: 0 });
  });

  it('times out each request at its own deadline with one timer, leaving later ones answerable', async () => {
    const tracker = new RequestTracker();
    const slow = tracker.track('slow', 'ACKNOWLEDGE_MESSAGE_RECEIPT', 5_000);
    const fast = tracker.track('fast', 'ACKNOWLEDGE_MESSAGE_RECEIPT', 20);
    const fast2 = tracker.track('fast2', 'ACKNOWLEDGE_MESSAGE_RECEIPT', 30);
    await expect(fast).rejects.toMatchObject({ reason: 'timeout' });
    await expect(fast2).rejects.toMatchObject({ reason: 'timeout' });
    expect(tracker.size).toBe(1);
    expect(tracker.settle({ id: 'slow', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' })).toBe(true);
    await expect(slow).resolves.toMatchObject({ id: 'slow' });
    expect(tracker.size).toBe(0);
  });

  it('rejects everything outstanding on failAll; their replies are not taken for late ones', async () => {
    const tracker = new RequestTracker();
    const requests = Array.from({ length: 50 }, (_, i) => tracker.track(`r-${i}`, 'ACKNOWLEDGE_MESSAGE_RECEIPT', 10));
    tracker.failAll('socket closed (1006)');
    for (const r of requests) await expect(r).rejects.toMatchObject({ reason: 'closed' });
    expect(tracker.settle({ id: 'r-0', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' })).toBe(false);
  });

  it('settles requests sent together once all are answered, and fails them on the first error reply', async () => {
    const tracker = new RequestTracker();
    const all = tracker.trackAll(['a1', 'a2', 'a3'], 'ACKNOWLEDGE_MESSAGE_RECEIPT', 5_000);
    let done = false;
    void all.then(() => (done = true));
    tracker.settle({ id: 'a2', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' });
    tracker.settle({ id: 'a1', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' });
    await Promise.resolve();
    expect(done).toBe(false);
    tracker.settle({ id: 'a3', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' });
    await all;
    expect(tracker.size).toBe(0);

    const failing = tracker.trackAll(['b1', 'b2'], 'ACKNOWLEDGE_MESSAGE_RECEIPT', 5_000);
    tracker.settle({ id: 'b1', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT', error: { code: 10002, description: 'bad' } });
    await expect(failing).rejects.toMatchObject({ name: 'BlazeRequestError', code: 10002 });
    // The other reply still comes: it is consumed, not taken for a push.
    expect(tracker.settle({ id: 'b2', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' })).toBe(true);
    expect(tracker.size).toBe(0);
  });

  it('times a group out as one, and takes the replies that come after for late ones', async () => {
    const tracker = new RequestTracker();
    const all = tracker.trackAll(['c1', 'c2'], 'ACKNOWLEDGE_MESSAGE_RECEIPT', 20);
    tracker.settle({ id: 'c1', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' });
    await expect(all).rejects.toMatchObject({ reason: 'timeout' });
    expect(tracker.size).toBe(0);
    expect(tracker.settle({ id: 'c2', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' })).toBe(true);
    expect(tracker.settle({ id: 'c2', action: 'ACKNOWLEDGE_MESSAGE_RECEIPT' })).toBe(false);
  });
});
