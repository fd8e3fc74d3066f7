import { DeadlineQueue } from './deadline-queue.js';

describe('DeadlineQueue', () => {
  it('expires what was not removed, each no earlier than its own deadline, shorter timeouts first', async () => {
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    const start = performance.now();
    const at = new Map<string, number>();
    const done = new Promise<void>((resolve) => {
      const record = (name: string) => () => {
        expired.push(name);
        at.set(name, performance.now() - start);
        if (expired.length === 3) resolve();
      };
      queue.add(60, record('long'));
      queue.add(20, record('short-1'));
      const removed = queue.add(20, record('removed'));
      queue.add(20, record('short-2'));
      queue.remove(removed);
    });
    await done;
    expect(expired).toEqual(['short-1', 'short-2', 'long']);
    expect(at.get('short-1')).toBeGreaterThanOrEqual(19);
    expect(at.get('long')).toBeGreaterThanOrEqual(59);
  });

  it('keeps going after an expire callback throws', async () => {
    const queue = new DeadlineQueue();
    const later = new Promise<string>((resolve) => {
      queue.add(5, () => {
        throw new Error('boom');
      });
      queue.add(5, () => resolve('still expired'));
    });
    await expect(later).resolves.toBe('still expired');
  });
});
