import { ConversationScheduler, type Lane } from './conversation-scheduler.js';

/** A scheduler whose tasks run until the test finishes them, with a log of what started when. */
function harness(limit: number) {
  const scheduler = new ConversationScheduler(limit);
  const started: string[] = [];
  const running = new Map<string, () => void>();
  let peak = 0;
  const submit = (key: string, lane: Lane, name: string, outcome: 'resolve' | 'reject' = 'resolve') =>
    scheduler.submit(key, lane, () => {
      started.push(name);
      peak = Math.max(peak, scheduler.activeCount);
      return new Promise<void>((resolve, reject) => running.set(name, outcome === 'resolve' ? resolve : () => reject(new Error(name))));
    });
  /** Finishes a running task and lets the scheduler start what comes next. */
  const finish = async (name: string) => {
    const done = running.get(name);
    if (!done) throw new Error(`${name} is not running (started: ${started.join(', ')})`);
    running.delete(name);
    done();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { scheduler, started, running, submit, finish, peak: () => peak };
}

describe('ConversationScheduler', () => {
  it('runs the tasks of one key one at a time, in the order they were submitted', async () => {
    const h = harness(10);
    const lane = h.scheduler.lane();
    for (const name of ['a1', 'a2', 'a3']) h.submit('conversation-a', lane, name);
    expect(h.started).toEqual(['a1']);
    await h.finish('a1');
    expect(h.started).toEqual(['a1', 'a2']);
    await h.finish('a2');
    await h.finish('a3');
    expect(h.started).toEqual(['a1', 'a2', 'a3']);
    expect(h.scheduler.activeCount).toBe(0);
  });

  it('runs different keys at once, never more than the global limit', async () => {
    const h = harness(3);
    const lane = h.scheduler.lane();
    for (let i = 0; i < 10; i++) h.submit(`k${i}`, lane, `t${i}`);
    expect(h.started).toEqual(['t0', 't1', 't2']);
    for (let i = 0; i < 10; i++) await h.finish(`t${i}`);
    expect(h.started).toHaveLength(10);
    expect(h.peak()).toBe(3);
  });

  it("keeps a lane within its own limit while other lanes use the rest", async () => {
    const h = harness(10);
    const narrow = h.scheduler.lane(2);
    const wide = h.scheduler.lane();
    for (let i = 0; i < 5; i++) h.submit(`n${i}`, narrow, `narrow${i}`);
    for (let i = 0; i < 3; i++) h.submit(`w${i}`, wide, `wide${i}`);
    expect(h.started.sort()).toEqual(['narrow0', 'narrow1', 'wide0', 'wide1', 'wide2']);
    await h.finish('narrow0');
    expect(h.started).toContain('narrow2');
    expect(h.started).not.toContain('narrow3');
  });

  it('cannot starve a lane: with one slot, a lane with one task goes next even behind a lane with a thousand', async () => {
    const h = harness(1);
    const busy = h.scheduler.lane();
    const quiet = h.scheduler.lane();
    for (let i = 0; i < 1000; i++) h.submit(`busy${i}`, busy, `busy${i}`);
    h.submit('quiet0', quiet, 'quiet');
    await h.finish('busy0');
    expect(h.started).toEqual(['busy0', 'quiet']);
    await h.finish('quiet');
    // And back to the busy lane, in its own order.
    expect(h.started).toEqual(['busy0', 'quiet', 'busy1']);
  });

  it('takes turns between busy lanes rather than draining one first', async () => {
    const h = harness(1);
    const a = h.scheduler.lane();
    const b = h.scheduler.lane();
    for (let i = 0; i < 3; i++) {
      h.submit(`a${i}`, a, `a${i}`);
      h.submit(`b${i}`, b, `b${i}`);
    }
    for (const name of ['a0', 'b0', 'a1', 'b1', 'a2']) await h.finish(name);
    expect(h.started).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('keeps a key in order across lanes: a task waits for the earlier task of its key on another lane', async () => {
    const h = harness(10);
    const first = h.scheduler.lane();
    const second = h.scheduler.lane();
    h.submit('shared', first, 'first');
    h.submit('shared', second, 'second');
    expect(h.started).toEqual(['first']);
    await h.finish('first');
    expect(h.started).toEqual(['first', 'second']);
  });

  it('does not stall when a task rejects', async () => {
    const h = harness(1);
    const lane = h.scheduler.lane();
    h.submit('k', lane, 'fails', 'reject');
    h.submit('k', lane, 'next');
    await h.finish('fails');
    expect(h.started).toEqual(['fails', 'next']);
    expect(h.scheduler.activeCount).toBe(1);
  });
});
