import { WakeUp, woken } from './wake-up.js';

describe('WakeUp and woken', () => {
  it('a wait ends true at the wake-up, before its deadline', async () => {
    const wakeUp = new WakeUp();
    const started = Date.now();
    const waiting = woken(wakeUp.signal, 5_000);
    setTimeout(() => wakeUp.wake(), 20);
    await expect(waiting).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a wait ends false at its deadline when nobody wakes it', async () => {
    const started = Date.now();
    await expect(woken(new WakeUp().signal, 30)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('wakes every waiter of the current signal, and the next wait needs a new wake-up', async () => {
    const wakeUp = new WakeUp();
    const both = Promise.all([woken(wakeUp.signal, 5_000), woken(wakeUp.signal, 5_000)]);
    expect(wakeUp.awaited).toBe(true);
    wakeUp.wake();
    await expect(both).resolves.toEqual([true, true]);
    expect(wakeUp.awaited).toBe(false);
    await expect(woken(wakeUp.signal, 20)).resolves.toBe(false);
  });

  it('a wake-up nobody waits for is not kept for a later wait', async () => {
    const wakeUp = new WakeUp();
    wakeUp.wake();
    expect(wakeUp.awaited).toBe(false);
    await expect(woken(wakeUp.signal, 20)).resolves.toBe(false);
  });

  it('an aborted signal ends the wait at once', async () => {
    await expect(woken(AbortSignal.abort(), 5_000)).resolves.toBe(true);
  });
});
