import type WebSocket from 'ws';

/**
 * Client pings plus a deadline on inbound traffic: a half-open connection (TCP alive, server
 * silent) answers no pings and sends no frames, so the deadline passes and we drop it.
 */
export class Keepalive {
  private timer?: NodeJS.Timeout;
  private lastInbound = 0;
  private lastPing = 0;
  private suspended = false;

  constructor(
    private readonly pingIntervalMs: number,
    private readonly deadlineMs: number,
    private readonly onDead: (silentForMs: number) => void,
  ) {}

  /** Starts watching a freshly opened socket. */
  start(ws: WebSocket): void {
    this.stop();
    this.suspended = false;
    this.lastInbound = this.lastPing = Date.now();
    // Check often enough to notice the deadline within a fifth of it.
    const tick = Math.max(50, Math.min(this.pingIntervalMs, this.deadlineMs / 5));
    this.timer = setInterval(() => {
      const now = Date.now();
      // While we deliberately stop reading (back-pressure), silence proves nothing.
      if (this.suspended) return;
      if (now - this.lastInbound > this.deadlineMs) {
        this.stop();
        this.onDead(now - this.lastInbound);
        return;
      }
      if (now - this.lastPing >= this.pingIntervalMs) {
        this.lastPing = now;
        ws.ping();
      }
    }, tick);
  }

  /** Stops judging silence while the socket is paused on purpose. */
  suspend(): void {
    this.suspended = true;
  }

  /** Judges silence again, counting from now. */
  unsuspend(): void {
    this.suspended = false;
    this.touch();
  }

  /** When the server was last heard from (`Date.now()`); 0 before the first socket. */
  get lastInboundAt(): number {
    return this.lastInbound;
  }

  /** Any frame, ping or pong from the server proves the connection alive. */
  touch(): void {
    this.lastInbound = Date.now();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
