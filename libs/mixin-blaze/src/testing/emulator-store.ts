import { EventEmitter } from 'node:events';
import type { StoredMessage } from './emulator-feed.js';
import type {
  AckRecord,
  BlazeEmulatorEvents,
  RefusalRecord,
  SentRecord,
  TokenRecord,
} from './emulator-types.js';

/** Internal events on top of the public ones. */
export type StoreEvents = BlazeEmulatorEvents & {
  /** A new message was queued: live connections should drain. */
  queued: [];
  /** The emulator is closing: waiters give up. */
  closed: [];
};

/**
 * All state of one emulator: queued messages, ack state and every record tests read.
 * It survives `stop()`/`restart()`, so it is what "the server's database" would be.
 */
export class EmulatorStore extends EventEmitter<StoreEvents> {
  /** Queued incoming messages in arrival order; connections walk this with a cursor. */
  readonly messages: StoredMessage[] = [];
  readonly acks: AckRecord[] = [];
  readonly sent: SentRecord[] = [];
  readonly tokens: TokenRecord[] = [];
  readonly refusals: RefusalRecord[] = [];
  connections = 0;
  connectionAttempts = 0;
  openConnections = 0;
  /** The most connections open at once (every connection is of the bot's one session). */
  peakOpenConnections = 0;

  private readonly byId = new Map<string, StoredMessage>();
  private readonly ackedIds = new Set<string>();
  private seqCounter = 0;
  // Everything before this index is acked; keeps backlog scans cheap after big acked runs.
  private firstPendingIndex = 0;

  constructor() {
    super();
    // Tests attach one listener per waiter; dozens at once are normal here.
    this.setMaxListeners(0);
  }

  nextSeq(): number {
    return ++this.seqCounter;
  }

  addMessage(m: StoredMessage): void {
    if (this.byId.has(m.messageId)) throw new Error(`BlazeEmulator: message ${m.messageId} was already queued`);
    this.byId.set(m.messageId, m);
    this.messages.push(m);
    this.emit('queued');
  }

  message(messageId: string): StoredMessage | undefined {
    return this.byId.get(messageId);
  }

  /** Records an ack (every one, duplicates included) and marks the message acked. */
  ack(messageId: string, status: string, via: 'socket' | 'http'): AckRecord {
    const record: AckRecord = { messageId, status, via, seq: this.nextSeq(), at: Date.now() };
    this.acks.push(record);
    this.ackedIds.add(messageId);
    const m = this.byId.get(messageId);
    if (m) m.acked = true;
    this.emit('ack', record);
    return record;
  }

  isAcked(messageId: string): boolean {
    return this.ackedIds.has(messageId);
  }

  /** Index of the first message that may still be pending. */
  pendingStart(): number {
    while (this.firstPendingIndex < this.messages.length && this.messages[this.firstPendingIndex].acked) {
      this.firstPendingIndex++;
    }
    return this.firstPendingIndex;
  }

  pending(): string[] {
    const ids: string[] = [];
    for (let i = this.pendingStart(); i < this.messages.length; i++) {
      if (!this.messages[i].acked) ids.push(this.messages[i].messageId);
    }
    return ids;
  }

  recordSent(record: Omit<SentRecord, 'seq' | 'at'>): SentRecord {
    const full: SentRecord = { ...record, seq: this.nextSeq(), at: Date.now() };
    this.sent.push(full);
    this.emit('sent', full);
    return full;
  }

  recordToken(record: Omit<TokenRecord, 'seq'>): TokenRecord {
    const full: TokenRecord = { ...record, seq: this.nextSeq() };
    this.tokens.push(full);
    this.emit('token', full);
    return full;
  }

  recordRefusal(record: Omit<RefusalRecord, 'seq' | 'at'>): RefusalRecord {
    const full: RefusalRecord = { ...record, seq: this.nextSeq(), at: Date.now() };
    this.refusals.push(full);
    this.emit('refused', full);
    return full;
  }

  connectionOpened(id: number): void {
    this.connections++;
    this.openConnections++;
    this.peakOpenConnections = Math.max(this.peakOpenConnections, this.openConnections);
    this.emit('connection', { id, seq: this.nextSeq() });
  }

  connectionClosed(id: number): void {
    this.openConnections--;
    this.emit('disconnect', { id, seq: this.nextSeq() });
  }
}
