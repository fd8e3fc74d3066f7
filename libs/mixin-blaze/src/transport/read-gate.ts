import type WebSocket from 'ws';
import type { Keepalive } from './keepalive.js';

/**
 * Back-pressure on the socket. While paused the socket is not read, so TCP pushes back on the
 * server; pushes already read (at most one socket read) are held, the dead-connection deadline
 * is suspended (silence is our doing), and a socket opened meanwhile asks for its backlog only
 * once reading resumes (the reply would sit unread behind the pushes otherwise).
 */
export class ReadGate {
  private pausedNow = false;
  private held: unknown[] = [];
  private listOnResume = false;

  constructor(
    private readonly keepalive: Keepalive,
    private readonly deliver: (view: unknown) => void,
  ) {}

  get paused(): boolean {
    return this.pausedNow;
  }

  /** Hands a push to the listener, or holds it while paused. */
  offer(view: unknown): void {
    if (this.pausedNow) this.held.push(view);
    else this.deliver(view);
  }

  pause(ws: WebSocket | undefined): void {
    this.pausedNow = true;
    this.keepalive.suspend();
    ws?.pause();
  }

  /** For a socket that opened while paused: keep it unread, and list its backlog on resume. */
  holdNewSocket(ws: WebSocket): void {
    this.keepalive.suspend();
    ws.pause();
    this.listOnResume = true;
  }

  /**
   * Hands over held pushes first (handlers finishing meanwhile may pause again), then reads
   * again. Returns whether reading resumed, and whether the backlog is still to be listed.
   */
  resume(ws: WebSocket | undefined): { reading: boolean; listPending: boolean } {
    this.pausedNow = false;
    while (!this.pausedNow && this.held.length > 0) this.deliver(this.held.shift());
    if (this.pausedNow) return { reading: false, listPending: false };
    this.keepalive.unsuspend();
    ws?.resume();
    const listPending = this.listOnResume;
    this.listOnResume = false;
    return { reading: true, listPending };
  }

  /** The socket died: held pushes belong to it, and un-acked messages among them are redelivered. */
  dropHeld(): void {
    this.held = [];
  }
}
