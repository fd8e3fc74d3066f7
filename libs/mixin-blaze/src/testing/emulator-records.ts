import type { EmulatorStore } from './emulator-store.js';
import type { AckRecord, BlazeEmulatorEvents, RefusalRecord, SentRecord, TokenRecord } from './emulator-types.js';
import { waitForAllAcked, waitUntil } from './emulator-waits.js';

const ALL_EVENTS = ['ack', 'sent', 'token', 'refused', 'connection', 'disconnect', 'message', 'queued', 'delivered'] as const;

/** What a test reads from a {@link BlazeEmulator}: its records, waits on them, and its events. */
export abstract class EmulatorRecords {
  protected constructor(protected readonly store: EmulatorStore) {}

  // ---- records ----

  get acks(): readonly AckRecord[] {
    return this.store.acks;
  }
  get sent(): readonly SentRecord[] {
    return this.store.sent;
  }
  get tokens(): readonly TokenRecord[] {
    return this.store.tokens;
  }
  /** Refused upgrades and injected ack/send failures. */
  get refusals(): readonly RefusalRecord[] {
    return this.store.refusals;
  }
  /** Accepted websocket connections so far. */
  get connections(): number {
    return this.store.connections;
  }
  /** Upgrade attempts so far, refused ones included. */
  get connectionAttempts(): number {
    return this.store.connectionAttempts;
  }
  get openConnections(): number {
    return this.store.openConnections;
  }
  /**
   * The most websocket connections of the bot's session that were open at the same time: more
   * than 1 means two readers of one session (cluster mode must never let that happen).
   */
  get peakOpenConnections(): number {
    return this.store.peakOpenConnections;
  }
  isAcked(messageId: string): boolean {
    return this.store.isAcked(messageId);
  }
  /** How many times a message was pushed, over all connections. */
  deliveries(messageId: string): number {
    return this.store.message(messageId)?.deliveries ?? 0;
  }
  /** Ids of queued messages not acked yet, in order. */
  pending(): string[] {
    return this.store.pending();
  }

  // ---- waiting ----

  waitForAck(messageId: string, timeoutMs: number): Promise<AckRecord> {
    return waitUntil(this.store, ['ack'], () => this.store.acks.find((a) => a.messageId === messageId),
      timeoutMs, `the ack of message ${messageId}`);
  }

  waitForAcks(messageIds: Iterable<string>, timeoutMs: number): Promise<void> {
    return waitForAllAcked(this.store, messageIds, timeoutMs);
  }

  waitForSent(predicate: (s: SentRecord) => boolean, timeoutMs: number, what = 'a sent message matching the predicate'): Promise<SentRecord> {
    let checked = 0;
    return waitUntil(this.store, ['sent'], () => {
      for (; checked < this.store.sent.length; checked++) {
        if (predicate(this.store.sent[checked])) return this.store.sent[checked];
      }
      return undefined;
    }, timeoutMs, what);
  }

  /** Waits for the bot to send anything into the conversation. */
  waitForReply(conversationId: string, timeoutMs: number): Promise<SentRecord> {
    return this.waitForSent((s) => s.conversationId === conversationId, timeoutMs, `a reply in conversation ${conversationId}`);
  }

  /** Waits until at least `n` websocket connections were accepted in total. */
  waitForConnections(n: number, timeoutMs: number): Promise<number> {
    return waitUntil(this.store, ['connection'], () => (this.store.connections >= n ? this.store.connections : undefined),
      timeoutMs, () => `${n} connection(s) (have ${this.store.connections})`);
  }

  /**
   * Waits until `condition` holds: re-checked after every emulator event and every 10 ms,
   * so it may also look at state outside the emulator (e.g. the bot's connection state).
   */
  waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return waitUntil(this.store, [...ALL_EVENTS], () => (condition() ? true : undefined), timeoutMs, what, 10).then(
      () => undefined,
    );
  }

  // ---- events ----

  on<K extends keyof BlazeEmulatorEvents>(event: K, listener: (...args: BlazeEmulatorEvents[K]) => void): this {
    this.store.on(event, listener as never);
    return this;
  }
  once<K extends keyof BlazeEmulatorEvents>(event: K, listener: (...args: BlazeEmulatorEvents[K]) => void): this {
    this.store.once(event, listener as never);
    return this;
  }
  off<K extends keyof BlazeEmulatorEvents>(event: K, listener: (...args: BlazeEmulatorEvents[K]) => void): this {
    this.store.off(event, listener as never);
    return this;
  }
}
