import { BlazeConnectionError } from './blaze-errors.js';
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
});
