import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { encodeDeflatedFrame, encodeFrame, type FrameDecodeError, type BlazeFrame } from '../transport/frame-codec.js';
import { FrameInbox } from '../transport/frame-inbox.js';
import { messageView, type MicroClock, type StoredMessage } from './emulator-feed.js';
import type { FaultState } from './emulator-faults.js';
import { parseOutbound, sentView } from './emulator-outbound.js';
import type { EmulatorStore } from './emulator-store.js';
import { isUuid } from './emulator-ids.js';
import { EmulatorOutbox } from './emulator-outbox.js';
import { EmulatorPinger } from './emulator-pinger.js';
import type { SocketFaultState } from './emulator-socket-faults.js';

/** Shared, per-emulator things every connection needs. */
export interface ConnectionContext {
  store: EmulatorStore;
  faults: FaultState;
  clock: MicroClock;
  botUserId: string;
  pingIntervalMs: number;
  /** Strict keepalive: terminate a connection whose ping is unanswered this long; 0 disables. */
  dropSilentAfterMs: number;
  socketFaults: SocketFaultState;
  log: (line: string) => void;
}

const FRAME_LIMITS = { maxCompressedBytes: 1 << 20, maxInflatedBytes: 4 << 20 };
// Pushes per event-loop turn: keeps a 100k backlog from starving the client and the timers.
const DRAIN_BATCH = 256;
const HIGH_WATER = 4 << 20;

/**
 * One accepted Blaze websocket. Delivery walks the store with a cursor, which gives
 * "in order, at most once per connection" without per-connection bookkeeping.
 */
export class EmulatorConnection {
  private listed = false;
  private cursor = 0;
  private listBoundary = 0;
  private pushes = 0;
  private closed = false;
  private drainScheduled = false;
  private readonly out: EmulatorOutbox;
  private readonly pinger: EmulatorPinger;
  private readonly onQueued = () => this.scheduleDrain();
  private readonly inbox = new FrameInbox(FRAME_LIMITS, {
    frame: (frame) => this.onFrame(frame),
    malformed: (err) => this.onBadFrame(err),
    failed: (err) => this.ctx.log(`conn#${this.id} could not handle a frame: ${err instanceof Error ? err.message : String(err)}`),
  });

  constructor(
    readonly id: number,
    private readonly ws: WebSocket,
    private readonly ctx: ConnectionContext,
  ) {
    this.out = new EmulatorOutbox(ws);
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', () => this.onClose());
    ws.on('error', (err) => ctx.log(`conn#${id} error: ${err.message}`));
    ctx.store.on('queued', this.onQueued);
    this.pinger = new EmulatorPinger(ws, ctx.pingIntervalMs, ctx.dropSilentAfterMs, {
      silent: () => this.out.silent || this.closed,
      dead: (ms) => {
        ctx.socketFaults.silentDrops++;
        ctx.log(`conn#${id} dropped: a ping went unanswered for ${ms} ms`);
        this.terminate();
      },
    });
  }

  /** Closes with a close frame carrying `code` and `reason` (hostile-server tests). */
  closeWith(code: number, reason?: string): void {
    if (!this.closed) this.ws.close(code, reason);
  }

  /** Accept-then-refuse, like a server that checks the token only after the upgrade. */
  refuseAuth(): void {
    this.send(
      { id: randomUUID(), action: 'ERROR', error: { status: 202, code: 401, description: 'Unauthorized' } },
      () => this.ws.close(1000, 'Unauthorized'),
    );
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** Goes silent: reads nothing and holds what it would send (a half-open connection). */
  silence(): void {
    if (!this.closed) this.out.silence();
  }

  resume(): void {
    if (!this.closed && this.out.resume()) this.scheduleDrain();
  }

  /** Sends bytes exactly as given (garbage tests). */
  sendBytes(bytes: Buffer, binary: boolean): void {
    if (!this.closed) this.out.sendBytes(bytes, binary);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private send(frame: BlazeFrame, after?: () => void): void {
    if (!this.closed) this.out.sendEncoded(encodeDeflatedFrame(frame), after);
  }

  private sendEncoded(bytes: Buffer, after?: () => void): void {
    if (!this.closed) this.out.sendEncoded(bytes, after);
  }

  // Pushes are deflated as Mixin's server does (that inflate is real work for the bot); replies go
  // as stored gzip, which every reader takes, so that with one ack frame per message the
  // emulator's zlib set-up per reply does not become the limit of what a benchmark measures
  // (docs/performance.md §6).
  private reply(req: BlazeFrame, extra: Partial<BlazeFrame> = {}): void {
    if (this.closed) return;
    this.sendEncoded(encodeFrame({ id: req.id ?? '', action: req.action, ...extra }));
  }

  private replyError(req: BlazeFrame, status: number, code: number, description: string): void {
    this.reply(req, { error: { status, code, description } });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) return this.inbox.push(data);
    this.inbox.flush(); // answers keep the order of the frames they answer
    // Kept open on purpose: a test can then assert the client copes with the ERROR frame.
    this.send({ id: randomUUID(), action: 'ERROR', error: { status: 202, code: 400, description: 'frames must be binary gzip JSON' } });
  }

  private onBadFrame(err: FrameDecodeError): void {
    this.send({ id: randomUUID(), action: 'ERROR', error: { status: 202, code: 400, description: `bad frame: ${err.reason}` } });
  }

  private onFrame(frame: BlazeFrame): void {
    this.ctx.log(`conn#${this.id} <- ${frame.action}`);
    switch (frame.action) {
      case 'LIST_PENDING_MESSAGES':
        return this.listPending(frame);
      case 'ACKNOWLEDGE_MESSAGE_RECEIPT':
        return this.acknowledge(frame);
      case 'CREATE_MESSAGE':
        return this.createMessage(frame);
      default:
        return this.replyError(frame, 202, 10002, `unsupported action ${frame.action}`);
    }
  }

  private listPending(frame: BlazeFrame): void {
    this.reply(frame);
    // A second LIST on the same connection is answered but changes nothing: pushes stay at-most-once.
    if (this.listed) return;
    this.listed = true;
    this.listBoundary = this.ctx.store.messages.length;
    this.cursor = this.ctx.store.pendingStart();
    this.scheduleDrain();
  }

  private acknowledge(frame: BlazeFrame): void {
    const params = frame.params ?? {};
    if (!isUuid(params.message_id)) return this.replyError(frame, 202, 10002, 'params.message_id must be a uuid');
    if (params.status !== undefined && typeof params.status !== 'string') {
      return this.replyError(frame, 202, 10002, 'params.status must be a string');
    }
    this.ctx.store.ack(params.message_id, (params.status as string | undefined) ?? 'READ', 'socket');
    this.reply(frame);
  }

  private createMessage(frame: BlazeFrame): void {
    const failure = this.ctx.faults.take('sends');
    if (failure) {
      this.ctx.store.recordRefusal({ kind: 'send', via: 'socket', reason: `injected ${failure.mode}` });
      if (failure.mode === 'reset') return this.terminate();
      if (failure.mode === 'hang') return;
      return this.replyError(frame, 500, 500, 'Internal Server Error');
    }
    const parsed = parseOutbound(frame.params);
    if (!parsed.ok) return this.replyError(frame, 202, 10002, parsed.description);
    this.ctx.store.recordSent({ ...parsed.message, via: 'socket' });
    this.reply(frame, { data: sentView(parsed.message, this.ctx.botUserId, this.ctx.clock.now()) });
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || !this.listed || this.out.silent || this.closed) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    if (!this.listed || this.out.silent || this.closed) return;
    const messages = this.ctx.store.messages;
    this.cursor = Math.max(this.cursor, this.ctx.store.pendingStart());
    let budget = DRAIN_BATCH;
    // Every push goes through sendEncoded, which corks the socket until this turn ends: one write per batch.
    while (this.cursor < messages.length && budget > 0) {
      if (this.ws.bufferedAmount > HIGH_WATER) {
        this.out.rawSocket()?.once('drain', () => this.scheduleDrain());
        return;
      }
      const index = this.cursor++;
      const m = messages[index];
      if (m.acked) continue;
      budget--;
      if (this.push(m, index < this.listBoundary ? 'LIST_PENDING_MESSAGES' : 'CREATE_MESSAGE')) return;
    }
    if (this.cursor < messages.length) this.scheduleDrain();
  }

  /** Pushes one message; returns true when the dropEvery fault is closing this connection. */
  private push(m: StoredMessage, source: string): boolean {
    // A frame encoded ahead serves the first push of its kind only; redeliveries get a fresh frame.
    const preencoded = m.deliveries === 0 && m.preencodedSource === source ? m.preencoded : undefined;
    m.preencoded = undefined;
    m.deliveries++;
    this.pushes++;
    const store = this.ctx.store;
    if (store.listenerCount('delivered') > 0) {
      store.emit('delivered', { messageId: m.messageId, connection: this.id, source, seq: store.nextSeq() });
    }
    const k = this.ctx.faults.dropEvery;
    const dropping = k > 0 && this.pushes % k === 0;
    // Terminate only once the frame is handed to the kernel, so the k-th push does arrive.
    const after = dropping ? () => this.terminate() : undefined;
    const actions = this.ctx.socketFaults.pushActions;
    const action = actions.size > 0 ? (actions.get(m.messageId) ?? 'CREATE_MESSAGE') : 'CREATE_MESSAGE';
    if (preencoded && action === 'CREATE_MESSAGE') this.sendEncoded(preencoded, after);
    else this.send({ id: randomUUID(), action, data: messageView(m, source) }, after);
    if (dropping) {
      this.closed = true;
      this.ctx.log(`conn#${this.id} dropped after ${this.pushes} pushes (fault)`);
    }
    return dropping;
  }

  private onClose(): void {
    const wasClosed = this.closed;
    this.closed = true;
    this.pinger.stop();
    this.ctx.store.off('queued', this.onQueued);
    this.ctx.store.connectionClosed(this.id);
    this.ctx.log(`conn#${this.id} closed${wasClosed ? '' : ' by peer'}`);
  }
}
