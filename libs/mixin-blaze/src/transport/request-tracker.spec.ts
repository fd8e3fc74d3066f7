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
});
