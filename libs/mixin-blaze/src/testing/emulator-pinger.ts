import type { WebSocket } from 'ws';

/** What the pinger needs from its connection. */
export interface PingerHooks {
  /** True while the connection is silenced on purpose (it neither reads nor writes then). */
  silent(): boolean;
  /** A ping went unanswered for too long: the connection must go. */
  dead(unansweredMs: number): void;
}

/**
 * Server pings, as Mixin's server sends them (the Node SDK's 30 s watchdog relies on them,
 * docs/protocol.md §2.3). In strict mode (`dropSilentAfterMs` > 0) each ping carries a sequence
 * number and counts as answered only by a pong echoing it (RFC 6455 §5.5.3), so unsolicited pongs
 * do not count; a ping unanswered for `dropSilentAfterMs` gets the connection terminated.
 */
export class EmulatorPinger {
  private readonly timer?: NodeJS.Timeout;
  private seq = 0;
  private lastPing = 0;
  /** Payload → when that ping was sent, oldest first. */
  private readonly unanswered = new Map<string, number>();

  constructor(
    private readonly ws: WebSocket,
    private readonly intervalMs: number,
    private readonly dropSilentAfterMs: number,
    private readonly hooks: PingerHooks,
  ) {
    if (intervalMs <= 0) return;
    if (dropSilentAfterMs > 0) ws.on('pong', (data) => this.unanswered.delete(data.toString('latin1')));
    // Strict mode checks the oldest ping four times per deadline, so a drop comes at most a quarter late.
    this.timer = setInterval(() => this.tick(), dropSilentAfterMs > 0 ? Math.max(5, Math.min(intervalMs, dropSilentAfterMs / 4)) : intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private tick(): void {
    if (this.hooks.silent()) return;
    const now = Date.now();
    if (this.dropSilentAfterMs > 0) {
      const oldest = this.unanswered.values().next();
      if (!oldest.done && now - oldest.value > this.dropSilentAfterMs) {
        this.stop();
        return this.hooks.dead(now - oldest.value);
      }
    }
    if (now - this.lastPing < this.intervalMs) return;
    this.lastPing = now;
    if (this.dropSilentAfterMs > 0) {
      const payload = String(++this.seq);
      this.unanswered.set(payload, now);
      this.ws.ping(payload);
    } else this.ws.ping();
  }
}
