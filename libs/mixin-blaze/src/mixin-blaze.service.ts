import { Injectable } from '@nestjs/common';
import { distinctUntilChanged, type Observable } from 'rxjs';
import { BlazeRuntime } from './blaze.runtime.js';
import { toWireParams, type OutgoingMessage, type SendTextOptions } from './sending/outgoing-message.js';
import type { BlazeConnectionState } from './transport/connection-state.js';

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
    return this.runtime.connection.state;
  }

  /** The bot's own user id (the keystore's app_id). */
  get appId(): string {
    return this.runtime.settings.keystore.appId;
  }

  /** Calls `listener` on every state change; returns a function that stops it. */
  onStateChange(listener: (state: BlazeConnectionState) => void): () => void {
    const subscription = this.runtime.state$.subscribe(listener);
    return () => subscription.unsubscribe();
  }

  /**
   * Acknowledges messages (for handlers with `autoAck: false`). Resolves once the server accepted
   * every one; failed requests are retried, so this waits through outages.
   */
  async ack(messageIds: string | string[]): Promise<void> {
    await Promise.all([messageIds].flat().map((id) => this.runtime.acks.ack(id)));
  }

  /** Sends a PLAIN_TEXT message; resolves with its message id once the server accepted it. */
  sendText(conversationId: string, text: string, options: SendTextOptions = {}): Promise<string> {
    return this.send({ ...options, conversationId, category: 'PLAIN_TEXT', payload: text });
  }

  /**
   * Sends a message over the socket when it is open, else over `POST /messages`; resolves with its
   * message id once the server accepted it, rejects with `BlazeRequestError`/`MixinApiError` if not.
   */
  async send(message: OutgoingMessage): Promise<string> {
    const params = toWireParams(message);
    if (this.runtime.connection.state === 'open') {
      await this.runtime.connection.request('CREATE_MESSAGE', params);
    } else {
      await this.runtime.http.request('POST', '/messages', params);
    }
    return params.message_id;
  }
}
