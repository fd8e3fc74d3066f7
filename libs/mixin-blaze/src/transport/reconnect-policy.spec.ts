import { ReconnectPolicy } from './reconnect-policy.js';

const HEALTHY_AFTER = 10_000;

function policy() {
  let now = 0;
  const p = new ReconnectPolicy(
    { reconnect: { initialDelayMs: 100, maxDelayMs: 5000, multiplier: 3 }, slowRetryMs: 60_000, healthyAfterMs: HEALTHY_AFTER },
    () => now,
  );
  return { p, advance: (ms: number) => (now += ms) };
}

// Jitter is ±20%: each delay is reported as the nominal delay it is within 20% of.
const NOMINAL = [0, 100, 300, 900, 2700, 5000, 60_000];
const nominal = (delay: number) => NOMINAL.find((n) => delay >= n * 0.8 && delay <= n * 1.2 + 1) ?? delay;

describe('ReconnectPolicy', () => {
  it('grows the delay across connections that open and are dropped at once (an open proves nothing)', () => {
    const { p, advance } = policy();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      p.opened();
      p.serving(); // even a LIST reply: the server dropped us 50 ms later
      advance(50);
      delays.push(nominal(p.closed()));
    }
    expect(delays).toEqual([100, 300, 900, 2700, 5000, 5000]);
  });

  it('resets only after a connection served for a keepalive period', () => {
    const { p, advance } = policy();
    for (let i = 0; i < 4; i++) p.closed(); // failed attempts
    p.opened();
    advance(HEALTHY_AFTER * 3); // open for long, but never served (no LIST reply): not healthy
    expect(nominal(p.closed())).toBe(5000);
    p.opened();
    p.serving();
    advance(HEALTHY_AFTER - 1);
    expect(nominal(p.closed())).toBe(5000);
    p.opened();
    p.serving();
    advance(HEALTHY_AFTER);
    expect(nominal(p.closed())).toBe(100);
  });

  it('retries slowly while refused, until an upgrade is accepted again', () => {
    const { p } = policy();
    p.refuse('update-required');
    expect(p.slowReason).toBe('update-required');
    expect(p.closed()).toBe(60_000);
    expect(p.closed()).toBe(60_000);
    p.opened();
    expect(p.slowReason).toBeUndefined();
    expect(nominal(p.closed())).toBe(100);
  });

  it('goes again at once after a deliberate replacement, without growing the backoff', () => {
    const { p } = policy();
    expect(p.closed(true)).toBe(0);
    expect(nominal(p.closed())).toBe(100);
  });
});
