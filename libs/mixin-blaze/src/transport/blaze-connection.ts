import WebSocket from 'ws';
import type { TokenSigner } from '../auth/token-signer.js';
import type { BlazeObserver } from '../util/blaze-observer.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { logSafe, redactUrl } from '../util/log-safe.js';
import { WakeUp, woken } from '../util/wake-up.js';
import { BlazeConnectionError } from './blaze-connection.error.js';
import { BlazeRequestError } from './blaze-request.error.js';
import { describeClose } from './close-reason.js';
import { ACK_ACTION, ackFrameText } from './ack-frames.js';
import type { BlazeConnectionState } from './connection-state.js';
import type { BlazeFrame } from './frame-codec.js';
import type { BlazeConnectionConfig, BlazeConnectionListener } from './connection-types.js';
import { connectionMessages } from './connection-messages.js';
import { buildInbound } from './inbound-pipeline.js';
import type { FrameInbox } from './frame-inbox.js';
import type { Keepalive } from './keepalive.js';
import { UNAUTHORIZED_CODES, UPDATE_REQUIRED_CODE } from './push-router.js';
import type { ReadGate } from './read-gate.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { RequestTracker } from './request-tracker.js';
import { closeSocket } from './socket-close.js';
import { SocketRequests } from './socket-requests.js';
import { describeUnauthorized } from './unauthorized-hint.js';
import { openBlazeSocket, type BlazeSocketEvents } from './blaze-socket.js';

/**
 * One logical Blaze connection: signs a fresh token per connect, lists pending messages on every
 * open, keeps the socket alive with pings and a dead-connection deadline, reconnects with capped
 * backoff across the configured hosts, and matches replies to requests by id.
 */
export class BlazeConnection {
  private readonly tracker = new RequestTracker();
  private readonly requests: SocketRequests;
  private readonly policy: ReconnectPolicy;
  private ws?: WebSocket;
  /** A socket we are replacing on purpose (to have shed pushes listed again). */
  private replacing?: WebSocket;
  private urlIndex = 0;
  private stateValue: BlazeConnectionState = 'closed';
  private stopped = true;
  private retryTimer?: NodeJS.Timeout;
  private readonly keepalive: Keepalive;
  private readonly gate: ReadGate;
  private readonly inbox: FrameInbox;
  /** Woken whenever `canRequest` may have become true. */
  private readonly requestable = new WakeUp();

  constructor(
    private readonly config: BlazeConnectionConfig,
    private readonly signer: TokenSigner,
    private readonly listener: BlazeConnectionListener,
    private readonly logger: EngineLogger,
    private readonly observer?: BlazeObserver,
  ) {
    this.requests = new SocketRequests(this.tracker, config.requestTimeoutMs, this.logger);
    // Healthy = served for one keepalive period: by then a server that drops us at once has done so.
    this.policy = new ReconnectPolicy({ reconnect: config.reconnect, slowRetryMs: config.unauthorizedRetryMs, healthyAfterMs: config.pingIntervalMs });
    const inbound = buildInbound(config, this.tracker, this.logger, {
      deliver: (view) => this.listener.onMessage(view),
      unreadable: (info) => this.listener.onUnreadable(info),
      unauthorized: (code) => this.refuseToken(describeUnauthorized(`an ERROR frame with code ${code}`)),
      updateRequired: (description) => this.refuseVersion(description),
      dead: (silentMs) => {
        this.logger.warn(`no traffic from Blaze for ${silentMs} ms; dropping the dead connection`);
        this.ws?.terminate();
      },
    });
    ({ keepalive: this.keepalive, gate: this.gate, inbox: this.inbox } = inbound);
  }

  get state(): BlazeConnectionState {
    return this.stateValue;
  }

  /** When the server was last heard from (a frame, ping or pong; or the socket opening), as `Date.now()`; 0 before the first socket. */
  get lastInboundAt(): number {
    return this.keepalive.lastInboundAt;
  }

  /** Starts connecting; failures are retried in the background and never thrown from here. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState('connecting');
    void this.connect();
  }

  /** Sends a request frame and resolves with the server's reply (rejects on `error`, timeout or close). */
  request(action: string, params?: Record<string, unknown>): Promise<BlazeFrame> {
    return this.requests.request(this.openSocket(), this.stateValue, action, params);
  }

  /**
   * Acknowledges messages over the socket, one ACKNOWLEDGE_MESSAGE_RECEIPT each, in one write.
   * Resolves once every one was answered without error; rejects on the first error, the timeout,
   * or a close.
   */
  acknowledge(messageIds: string[]): Promise<void> {
    return this.requests.requestAll(this.openSocket(), this.stateValue, ACK_ACTION, messageIds, ackFrameText);
  }

  private openSocket(): WebSocket | undefined {
    const ws = this.ws;
    return this.stateValue === 'open' && ws?.readyState === WebSocket.OPEN ? ws : undefined;
  }

  /**
   * True when a socket request can get its reply soon: open and not paused. While paused, replies
   * queue behind unread pushes, so callers should use HTTP instead.
   */
  get canRequest(): boolean {
    return this.stateValue === 'open' && !this.gate.paused;
  }

  /** Resolves once `canRequest` holds; rejects with a `not-connected` error after `timeoutMs`. */
  async whenRequestable(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.canRequest) {
      if (!(await woken(this.requestable.signal, Math.max(0, deadline - Date.now())))) {
        throw new BlazeConnectionError(`Blaze was still ${this.stateValue} after waiting ${timeoutMs} ms to send`, 'not-connected');
      }
    }
  }

  /**
   * Stops reading the socket, so TCP pushes back on the server; it is still read for a moment now
   * and then, so that server pings are answered (see ReadGate).
   */
  pause(): void {
    this.gate.pause(this.ws);
  }

  resume(): void {
    const { reading, listPending, relist } = this.gate.resume(this.ws);
    if (!reading) return;
    const ws = this.ws;
    if (relist && ws) return this.replace(ws, `${this.gate.shedCount} pushes were dropped while paused`);
    if (listPending && ws && this.stateValue === 'open') this.listPending(ws);
    this.requestable.wake();
  }

  /** Closes the socket for good: no reconnect, outstanding requests rejected. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.keepalive.stop();
    const ws = this.ws;
    this.ws = undefined;
    this.gate.socketClosed();
    this.tracker.failAll('connection closed by the application');
    if (ws) await closeSocket(ws);
    this.setState('closed');
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = this.config.urls[this.urlIndex % this.config.urls.length];
    let token: string;
    try {
      token = await this.signer.sign('GET', '/');
    } catch (err) {
      this.logger.error(`cannot sign the Blaze token: ${err instanceof Error ? logSafe(err.message, 500) : 'non-Error thrown'}`);
      return this.scheduleReconnect(this.policy.closed());
    }
    if (this.stopped) return;
    const on: BlazeSocketEvents = {
      open: (ws) => this.onOpen(ws, url),
      frame: (data) => this.inbox.push(data),
      alive: () => this.keepalive.touch(),
      pinged: () => this.gate.pinged(),
      unauthorized: (headers) => this.refuseToken(describeUnauthorized(`HTTP 401 at the upgrade of ${redactUrl(url)}`, headers)),
      close: (ws, code, reason) => this.onClose(ws, code, reason),
    };
    this.ws = openBlazeSocket(url, token, this.config, on, this.logger);
  }

  private onOpen(ws: WebSocket, url: string): void {
    if (ws !== this.ws) return;
    this.logger.log(`connected to ${redactUrl(url)}`);
    this.policy.opened();
    this.keepalive.start(ws);
    this.setState('open');
    // Still over the high-water mark from before the reconnect: the new socket waits too.
    if (this.gate.paused) {
      this.gate.holdNewSocket(ws);
      this.policy.serving();
    } else this.listPending(ws);
  }

  private listPending(ws: WebSocket): void {
    this.request('LIST_PENDING_MESSAGES').then(
      () => {
        if (ws === this.ws) this.policy.serving();
      },
      (err: Error) => {
        if (ws !== this.ws) return;
        const code = err instanceof BlazeRequestError ? err.code : 0;
        if (UNAUTHORIZED_CODES.has(code)) this.refuseToken(describeUnauthorized(`LIST_PENDING_MESSAGES answered code ${code}`));
        else if (code === UPDATE_REQUIRED_CODE) this.refuseVersion(err.message);
        else this.logger.warn(`LIST_PENDING_MESSAGES failed (${logSafe(err.message, 500)}); reconnecting`);
        ws.terminate();
      },
    );
  }

  private onClose(ws: WebSocket, code: number, reason: Buffer): void {
    this.inbox.flush(); // frames read before the close are routed first, as they arrived
    if (ws !== this.ws) return;
    this.keepalive.stop();
    this.ws = undefined;
    this.gate.socketClosed();
    this.tracker.failAll(`socket closed (${code})`);
    if (this.stopped) return;
    const deliberate = ws === this.replacing;
    this.replacing = undefined;
    const delay = this.policy.closed(deliberate);
    if (this.stateValue === 'open' && !deliberate) this.logger.warn(`Blaze connection closed (${describeClose(code, reason)}); reconnecting in ${delay} ms`);
    else this.logger.debug(`Blaze connection attempt ended (${describeClose(code, reason)}); next in ${delay} ms`);
    this.scheduleReconnect(delay);
  }

  /** Drops a healthy socket on purpose: its successor lists what this one could not keep. */
  private replace(ws: WebSocket, why: string): void {
    this.logger.log(`${why}; reconnecting so that Blaze sends them again`);
    this.replacing = ws;
    ws.terminate();
  }

  private refuseToken(explanation: string): void {
    this.policy.refuse('unauthorized');
    this.logger.error(connectionMessages.unauthorized(explanation, this.config.unauthorizedRetryMs));
    this.setState('unauthorized');
    this.ws?.terminate();
  }

  private refuseVersion(description: string | undefined): void {
    this.policy.refuse('update-required');
    this.logger.error(connectionMessages.updateRequired(description, this.config.unauthorizedRetryMs));
    this.ws?.terminate();
  }

  private scheduleReconnect(delay: number): void {
    if (this.stopped) return;
    this.urlIndex++;
    this.observer?.reconnecting();
    if (this.policy.slowReason !== 'unauthorized') this.setState('reconnecting');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private setState(state: BlazeConnectionState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.listener.onStateChange?.(state);
    if (state === 'open') this.requestable.wake();
  }
}
