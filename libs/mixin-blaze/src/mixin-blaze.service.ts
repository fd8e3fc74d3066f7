import { Injectable } from '@nestjs/common';
import { distinctUntilChanged, type Observable } from 'rxjs';
import { BlazeRuntime } from './blaze-runtime.js';
import { describeThrown } from './util/log-safe.js';
import { BlazeConnectionError } from './transport/blaze-connection.error.js';
import type { OutgoingMessage, SendTextOptions } from './sending/outgoing-message.js';
import { postBatches, prepareBatches } from './sending/send-many.js';
import { toWireMessage } from './sending/wire-message.js';
import type { BlazeConnectionState } from './transport/connection-state.js';
import type { DispatcherStats as BlazeStats } from './dispatch/blaze-dispatcher.js';
import type { ClusterStats } from './cluster/cluster-node.js';

/** The bot's connection to Mixin: acknowledge, send, and watch the connection state. */
@Injectable()
export class MixinBlazeService {
  /** Emits the current state on subscribe, then every change. */
  readonly state$: Observable<BlazeConnectionState>;

  constructor(private readonly runtime: BlazeRuntime) {
    this.state$ = runtime.state$.pipe(distinctUntilChanged());
  }

  /** The connection state now. */
  get state(): BlazeConnectionState {
    return this.runtime.state;
  }

  /** The bot's own user id (the keystore's app_id). */
  get appId(): string {
    return this.runtime.settings.keystore.appId;
  }

  /**
   * Message counters now: buffered (received, unfinished), peak, running handlers, back-pressure
   * pause; in cluster mode also `cluster`: role, partitions, live replicas, cluster-wide unfinished.
   */
  stats(): BlazeStats & { cluster?: ClusterStats } {
    const stats = this.runtime.dispatcher.stats;
    return this.runtime.cluster ? { ...stats, cluster: this.runtime.cluster.stats() } : stats;
  }

  /** Calls `listener` on every state change; returns a function that stops it. */
  onStateChange(listener: (state: BlazeConnectionState) => void): () => void {
    const subscription = this.runtime.state$.subscribe(listener);
    return () => subscription.unsubscribe();
  }

  /**
   * Acknowledges messages (for handlers with `autoAck: false`). Resolves once the server accepted
   * every one; failed requests are retried, so this waits through outages. Rejects at once for an
   * id that is not a UUID, and with the server's error for an id it refuses on its own. Acked ids
   * are remembered, so a redelivery is acked again, not handled.
   */
  async ack(messageIds: string | string[]): Promise<void> {
    await Promise.all([messageIds].flat().map((id) => this.runtime.dispatcher.ack(id)));
  }

  /** Sends a PLAIN_TEXT message; resolves with its message id once the server accepted it. */
  sendText(conversationId: string, text: string, options: SendTextOptions = {}): Promise<string> {
    return this.send({ ...options, conversationId, category: 'PLAIN_TEXT', payload: text });
  }

  /**
   * Sends a message over the socket when it is open; while it is not, per the `sendFallback`
   * option: over `POST /messages` ('http', default), after waiting for the socket ('wait'), or not
   * at all ('fail', `BlazeConnectionError`). Resolves with its message id once the server accepted
   * it; rejects with `BlazeRequestError`/`MixinApiError`/`BlazeConnectionError` if not. Nothing is
   * resent automatically: pass your own `messageId` to make a retry idempotent.
   * The message is validated first (`OutgoingPayloadError`, nothing sent); see `OutgoingMessage.payload`.
   */
  async send(message: OutgoingMessage): Promise<string> {
    const params = toWireMessage(message);
    const { connection, http, settings } = this.runtime;
    const fallback = settings.options.sendFallback;
    if (!connection.canRequest && fallback === 'http') {
      await http.request('POST', '/messages', params);
      return params.message_id;
    }
    if (!connection.canRequest && fallback === 'fail') {
      throw new BlazeConnectionError(`cannot send: Blaze is ${connection.state} and sendFallback is 'fail'`, 'not-connected');
    }
    if (!connection.canRequest) await connection.whenRequestable(settings.options.requestTimeoutMs);
    await connection.request('CREATE_MESSAGE', params);
    return params.message_id;
  }

  /** Connects now (for `autoConnect: false`); a no-op when already started. */
  connect(): void {
    this.runtime.start().catch((err: unknown) => this.runtime.logger.error(`cannot start: ${describeThrown(err)}`));
  }

  /**
   * Sends many messages over `POST /messages`, split into requests of at most 100 messages and
   * 128 KB of body, one request at a time so order is kept. Resolves with the message ids in
   * input order.
   *
   * Every message is validated, and gets its message id, before the first request: an invalid or
   * oversized one rejects with `OutgoingPayloadError` (with `index`) and nothing is sent. A failed
   * request rejects with `SendManyError` (a `MixinApiError`) carrying `acceptedIds` and
   * `remainingIds`; resending the remaining messages with those ids is safe, because Mixin dedupes
   * by message id.
   */
  async sendMany(messages: readonly OutgoingMessage[]): Promise<string[]> {
    const batches = prepareBatches(messages);
    return postBatches(batches, (body) => this.runtime.http.request('POST', '/messages', body));
  }
}
