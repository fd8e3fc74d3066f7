import { RecentIds } from './recent-ids.js';

describe('RecentIds', () => {
  it('keeps the newest `capacity` ids, evicting the oldest first, through many compactions', () => {
    const recent = new RecentIds(1000, 60_000);
    for (let i = 0; i < 50_000; i++) recent.add(`m${i}`);
    expect(recent.size).toBe(1000);
    expect(recent.has('m48999')).toBe(false);
    expect(recent.has('m49000')).toBe(true);
    expect(recent.has('m49999')).toBe(true);
  });

  it('counts an id added again from its newest add, so its older entry does not evict it', () => {
    const recent = new RecentIds(3, 60_000);
    recent.add('a');
    recent.add('b');
    recent.add('a'); // newest now: b, a
    recent.add('c');
    recent.add('d'); // over capacity: b goes, a stays
    expect(['a', 'b', 'c', 'd'].filter((id) => recent.has(id))).toEqual(['a', 'c', 'd']);
    expect(recent.size).toBe(3);
  });

  it('forgets ids after ttlMs', async () => {
    const recent = new RecentIds(100, 5);
    recent.add('old');
    const start = Date.now();
    while (Date.now() - start < 10) await new Promise((resolve) => setImmediate(resolve));
    expect(recent.has('old')).toBe(false);
    recent.add('new');
    expect(recent.has('new')).toBe(true);
    expect(recent.size).toBe(1);
  });

  it('remembers nothing at capacity 0', () => {
    const recent = new RecentIds(0, 60_000);
    recent.add('a');
    expect(recent.has('a')).toBe(false);
  });
});
