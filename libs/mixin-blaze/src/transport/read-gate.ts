import type WebSocket from 'ws';
import type { Keepalive } from './keepalive.js';

/** How a paused gate keeps the connection alive and its memory bounded. */
export interface ReadGateOptions {
  /** While paused, the socket is read for a moment this often, so that server pings get answered. */
  breathEveryMs: number;
  /** How long each such read lasts. */
  breathMs: number;
  /** The most pushes (inflated JSON bytes) held while paused; later pushes are shed. */
  heldBudgetBytes: number;
}

/** Where the gate hands pushes, and whom it tells when it starts shedding. */
export interface ReadGateHooks {
  deliver(view: unknown): void;
  /** The first push of a pause was shed: the connection will be replaced once reading resumes. */
  shedding?(heldBytes: number): void;
}

/** What `resume` did. */
export interface ResumeResult {
  /** Reading resumed (false: a handed-over push made the dispatcher pause again). */
  reading: boolean;
  /** The socket opened while paused and its backlog is still to be listed. */
  listPending: boolean;
  /** Pushes were shed while paused: reconnect, so the server sends them again (LIST_PENDING_MESSAGES, docs/protocol.md §3.2). */
  relist: boolean;
}

/**
 * Back-pressure on the socket. While paused the socket is not read, so TCP pushes back on the
 * server and memory stays flat. But the server's pings wait behind unread pushes, and a server that
 * drops clients that do not answer its pings (the Node SDK's 30 s watchdog implies Mixin pings,
 * docs/protocol.md §2.3) would cut us off. So a paused socket "breathes": every `breathEveryMs`
 * it is read until a ping arrives (ws answers it), half the hold budget is used, or `breathMs`
 * passed, whichever comes first. Replies and ERROR frames read then are handled as usual; pushes
 * are held up to `heldBudgetBytes` and shed beyond. Ending a breath early keeps shedding rare:
 * every shed push costs a reconnect and a fresh listing of the backlog. Shed pushes are not lost: they were never acked, and once reading resumes the connection
 * is replaced, whose LIST_PENDING_MESSAGES makes the server send every un-acked message again.
 *
 * The dead-connection deadline is suspended meanwhile (silence is our doing), and a socket opened
 * while paused asks for its backlog only once reading resumes.
 */
export class ReadGate {
  private pausedNow = false;
  private held: unknown[] = [];
  private heldSizes: number[] = [];
  private heldStart = 0;
  private heldBytes = 0;
  private shed = 0;
  private listOnResume = false;
  private ws?: WebSocket;
  private timer?: NodeJS.Timeout;
  /** Paused, but reading for a moment (see the class comment). */
  private breathing = false;

  constructor(
    private readonly keepalive: Keepalive,
    private readonly options: ReadGateOptions,
    private readonly hooks: ReadGateHooks,
  ) {}

  get paused(): boolean {
    return this.pausedNow;
  }

  /** Pushes shed since the socket opened (they come again on the next connection). */
  get shedCount(): number {
    return this.shed;
  }

  /**
   * Whether a frame of `inflatedBytes` is worth decoding now. False (and counted as shed) while
   * paused with the hold budget spent: it could only be shed after decoding, and it will be listed
   * again on the next connection like every shed push.
   */
  admits(inflatedBytes: number): boolean {
    if (!this.pausedNow || this.heldBytes + inflatedBytes <= this.options.heldBudgetBytes) return true;
    if (this.shed++ === 0) this.hooks.shedding?.(this.heldBytes);
    return false;
  }

  /** Hands a push to the listener, or holds it while paused (or sheds it, over the budget). */
  offer(view: unknown, inflatedBytes: number): void {
    if (!this.pausedNow) return this.hooks.deliver(view);
    if (this.heldBytes + inflatedBytes > this.options.heldBudgetBytes) {
      if (this.shed++ === 0) this.hooks.shedding?.(this.heldBytes);
      return;
    }
    this.held.push(view);
    this.heldSizes.push(inflatedBytes);
    this.heldBytes += inflatedBytes;
    if (this.breathing && this.heldBytes * 2 >= this.options.heldBudgetBytes) this.holdBreath();
  }

  /** The server pinged and ws answered: a breath has done its job. */
  pinged(): void {
    if (this.breathing) this.holdBreath();
  }

  pause(ws: WebSocket | undefined): void {
    this.pausedNow = true;
    this.keepalive.suspend();
    this.hold(ws);
  }

  /** For a socket that opened while paused: keep it unread (but breathing), list its backlog on resume. */
  holdNewSocket(ws: WebSocket): void {
    this.keepalive.suspend();
    this.hold(ws);
    this.listOnResume = true;
  }

  /**
   * Hands over held pushes first (handlers finishing meanwhile may pause again), then reads
   * again. Says whether reading resumed, whether the backlog is still to be listed, and whether
   * the connection must be replaced because pushes were shed.
   */
  resume(ws: WebSocket | undefined): ResumeResult {
    this.pausedNow = false;
    this.stopBreathing();
    while (!this.pausedNow && this.heldStart < this.held.length) {
      const i = this.heldStart++;
      const view = this.held[i];
      this.held[i] = undefined;
      this.heldBytes -= this.heldSizes[i];
      this.hooks.deliver(view);
    }
    if (this.pausedNow) {
      this.compactHeld();
      return { reading: false, listPending: false, relist: false };
    }
    this.clearHeld();
    this.keepalive.unsuspend();
    ws?.resume();
    const result = { reading: true, listPending: this.listOnResume, relist: this.shed > 0 };
    this.listOnResume = false;
    return result;
  }

  /** The socket died: held pushes belong to it, and un-acked messages among them are redelivered. */
  socketClosed(): void {
    this.stopBreathing();
    this.ws = undefined;
    this.clearHeld();
    this.shed = 0;
    this.listOnResume = false;
  }

  private hold(ws: WebSocket | undefined): void {
    this.ws = ws;
    ws?.pause();
    this.scheduleBreath();
  }

  private scheduleBreath(): void {
    clearTimeout(this.timer);
    if (!this.ws) return;
    this.timer = setTimeout(this.breathe, this.options.breathEveryMs);
  }

  private readonly breathe = (): void => {
    if (!this.pausedNow || !this.ws) return;
    this.breathing = true;
    this.ws.resume();
    this.timer = setTimeout(this.holdBreath, this.options.breathMs);
  };

  private readonly holdBreath = (): void => {
    this.breathing = false;
    if (!this.pausedNow || !this.ws) return;
    this.ws.pause();
    this.scheduleBreath();
  };

  private stopBreathing(): void {
    this.breathing = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  // Paused again part-way: drop the handed-over slots once they are most of the array.
  private compactHeld(): void {
    if (this.heldStart < 1024 || this.heldStart * 2 < this.held.length) return;
    this.held = this.held.slice(this.heldStart);
    this.heldSizes = this.heldSizes.slice(this.heldStart);
    this.heldStart = 0;
  }

  private clearHeld(): void {
    this.held = [];
    this.heldSizes = [];
    this.heldStart = 0;
    this.heldBytes = 0;
  }
}
