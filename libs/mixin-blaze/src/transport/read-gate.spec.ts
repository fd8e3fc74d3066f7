import type WebSocket from 'ws';
import { Keepalive } from './keepalive.js';
import { ReadGate } from './read-gate.js';

/** A socket that records pause/resume calls and whether it is being read now. */
function fakeSocket() {
  const log: string[] = [];
  let reading = true;
  const ws = {
    pause: () => {
      reading = false;
      log.push('pause');
    },
    resume: () => {
      reading = true;
      log.push('resume');
    },
  };
  return { ws: ws as unknown as WebSocket, log, reading: () => reading };
}

function gate(budget = 100, breathEveryMs = 20, breathMs = 10) {
  const delivered: unknown[] = [];
  const shedding: number[] = [];
  let onDeliver: (view: unknown) => void = () => undefined;
  const g = new ReadGate(new Keepalive(1000, 5000, () => undefined), { breathEveryMs, breathMs, heldBudgetBytes: budget }, {
    deliver: (view) => {
      delivered.push(view);
      onDeliver(view);
    },
    shedding: (held) => shedding.push(held),
  });
  return { g, delivered, shedding, onDeliver: (fn: (view: unknown) => void) => (onDeliver = fn) };
}

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('ReadGate', () => {
  it('delivers at once while reading; while paused holds pushes up to the byte budget and sheds the rest', () => {
    const { g, delivered, shedding } = gate(100);
    const s = fakeSocket();
    g.offer('a', 10);
    expect(delivered).toEqual(['a']);
    g.pause(s.ws);
    expect(s.reading()).toBe(false);
    g.offer('b', 60);
    g.offer('c', 40);
    g.offer('d', 1); // over the budget: shed, and the first shed is reported once
    g.offer('e', 1);
    expect(shedding).toEqual([100]);
    expect(g.shedCount).toBe(2);
    const result = g.resume(s.ws);
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(result).toEqual({ reading: true, listPending: false, relist: true });
    expect(s.reading()).toBe(true);
    g.socketClosed();
  });

  it('hands held pushes over in order, stopping where a handler makes it pause again', () => {
    const { g, delivered, onDeliver } = gate(1000);
    const s = fakeSocket();
    g.pause(s.ws);
    for (const v of ['a', 'b', 'c', 'd']) g.offer(v, 10);
    onDeliver((view) => {
      if (view === 'b') g.pause(s.ws);
    });
    expect(g.resume(s.ws)).toEqual({ reading: false, listPending: false, relist: false });
    expect(delivered).toEqual(['a', 'b']);
    g.offer('e', 10);
    onDeliver(() => undefined);
    expect(g.resume(s.ws)).toEqual({ reading: true, listPending: false, relist: false });
    expect(delivered).toEqual(['a', 'b', 'c', 'd', 'e']);
    g.socketClosed();
  });

  it('breathes while paused: the socket is read for a moment at every interval, so pings get answered', async () => {
    const { g } = gate(1000, 20, 10);
    const s = fakeSocket();
    g.pause(s.ws);
    await until(() => s.log.filter((e) => e === 'resume').length >= 3, 2000, 'three breaths');
    // Every breath ends paused again: pause, (resume, pause)*
    expect(s.log.slice(0, 5)).toEqual(['pause', 'resume', 'pause', 'resume', 'pause']);
    g.resume(s.ws);
    const after = s.log.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(s.log.length).toBe(after); // no breathing once reading
  });

  it('a socket opened while paused breathes too, and lists its backlog once reading resumes', async () => {
    const { g } = gate(1000, 20, 10);
    const first = fakeSocket();
    g.pause(first.ws);
    g.socketClosed();
    const second = fakeSocket();
    g.holdNewSocket(second.ws);
    expect(second.reading()).toBe(false);
    await until(() => second.log.includes('resume'), 2000, 'a breath on the new socket');
    expect(first.log).toEqual(['pause']);
    expect(g.resume(second.ws)).toEqual({ reading: true, listPending: true, relist: false });
  });

  it('forgets held and shed pushes of a socket that closed: the next connection lists them again', () => {
    const { g, delivered } = gate(10);
    const s = fakeSocket();
    g.pause(s.ws);
    g.offer('a', 10);
    g.offer('b', 10);
    g.socketClosed();
    expect(g.shedCount).toBe(0);
    expect(g.resume(undefined)).toEqual({ reading: true, listPending: false, relist: false });
    expect(delivered).toEqual([]);
  });
});
