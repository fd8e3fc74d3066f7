import { Logger } from '@nestjs/common';
import WebSocket, { type RawData } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { TokenSigner } from '../auth/token-signer.js';
import { newUuid } from '../util/uuid.js';
import { Backoff } from './backoff.js';
import { BlazeConnectionError } from './blaze-errors.js';
import type { BlazeConnectionState } from './connection-state.js';
import { encodeFrame, encodeFrameText, type BlazeFrame, type FrameLimits } from './frame-codec.js';
import { FrameInbox } from './frame-inbox.js';
import { ConditionWaiters } from './condition-waiters.js';
import { corked } from './socket-cork.js';
import { RequestTracker } from './request-tracker.js';
import { Keepalive } from './keepalive.js';
import { ReadGate } from './read-gate.js';
import { describeUnauthorized } from './unauthorized-hint.js';

/** What the connection needs to know; a subset of the module options. */
export interface BlazeConnectionConfig extends FrameLimits {
  urls: string[];
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  pingIntervalMs: number;
  deadConnectionTimeoutMs: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number; multiplier: number };
  unauthorizedRetryMs: number;
}

/** Where the connection hands what it receives. */
export interface BlazeConnectionListener {
  /** The `data` of one `CREATE_MESSAGE` push. */
  onMessage(view: unknown): void;
  onStateChange?(state: BlazeConnectionState): void;
}

const SUBPROTOCOL = 'Mixin-Blaze-1';
const UNAUTHORIZED_CODES = new Set([401, 20121]);

/**
 * One logical Blaze connection: signs a fresh token per connect, lists pending messages on every
 * open, keeps the socket alive with pings and a dead-connection deadline, reconnects with capped
 * backoff across the configured hosts, and matches replies to requests by id.
 */
export class BlazeConnection {
  private readonly logger = new Logger('MixinBlaze');
  private readonly tracker = new RequestTracker();
  private readonly backoff: Backoff;
  private ws?: WebSocket;
  private urlIndex = 0;
  private stateValue: BlazeConnectionState = 'closed';
  private stopped = true;
  private unauthorized = false;
  private retryTimer?: NodeJS.Timeout;
  private readonly keepalive: Keepalive;
  private readonly gate: ReadGate;
  private readonly inbox: FrameInbox;
  private readonly requestable = new ConditionWaiters(() => this.canRequest);

  constructor(
    private readonly config: BlazeConnectionConfig,
    private readonly signer: TokenSigner,
    private readonly listener: BlazeConnectionListener,
  ) {
    this.backoff = new Backoff(config.reconnect);
    this.inbox = new FrameInbox(config, {
      frame: (frame) => this.route(frame),
      malformed: (err) => this.logger.warn(`dropped a malformed frame (${err.reason}): ${err.message}`),
      failed: (err, frame) =>
        this.logger.error(`dropped ${frame ? `a ${frame.action} frame that could not be handled` : 'frames that could not be decoded'}: ${err instanceof Error ? err.message : 'non-Error thrown'}`),
    });
    this.keepalive = new Keepalive(config.pingIntervalMs, config.deadConnectionTimeoutMs, (silentMs) => {
      this.logger.warn(`no traffic from Blaze for ${silentMs} ms; dropping the dead connection`);
      this.ws?.terminate();
    });
    this.gate = new ReadGate(this.keepalive, (view) => this.listener.onMessage(view));
  }

  get state(): BlazeConnectionState {
    return this.stateValue;
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
    const ws = this.openSocket();
    if (!ws) return this.notConnected(action);
    const id = newUuid();
    const reply = this.tracker.track(id, action, this.config.requestTimeoutMs);
    ws.send(encodeFrame(params ? { id, action, params } : { id, action }), { binary: true }, this.onSent);
    return reply;
  }

  /**
   * Sends one request per entry of `paramsJson` (each the JSON text of a `params` object) in one
   * socket write. Resolves once every one was answered without error; rejects on the first
   * error, the timeout, or a close. Callers that send thousands (socket acks) serialise their
   * params from a template, which costs a fraction of JSON.stringify on a nested frame.
   */
  requestAll(action: string, paramsJson: string[]): Promise<void> {
    const ws = this.openSocket();
    if (!ws) return this.notConnected(action);
    const ids = paramsJson.map(() => newUuid());
    const replies = this.tracker.trackAll(ids, action, this.config.requestTimeoutMs);
    const middle = `","action":${JSON.stringify(action)},"params":`;
    corked(ws, () => {
      for (let i = 0; i < ids.length; i++) ws.send(encodeFrameText(`{"id":"${ids[i]}${middle}${paramsJson[i]}}`), { binary: true }, this.onSent);
    });
    return replies;
  }

  private openSocket(): WebSocket | undefined {
    const ws = this.ws;
    return this.stateValue === 'open' && ws?.readyState === WebSocket.OPEN ? ws : undefined;
  }

  private notConnected(action: string): Promise<never> {
    return Promise.reject(new BlazeConnectionError(`cannot send ${action}: Blaze is ${this.stateValue}`, 'not-connected'));
  }

  // A failed write also closes the socket, which rejects the request; this only says why.
  private readonly onSent = (err?: Error): void => {
    if (err) this.logger.debug(`a request frame could not be written: ${err.message}`);
  };

  /**
   * True when a socket request can get its reply soon: open and not paused. While paused, replies
   * queue behind unread pushes, so callers should use HTTP instead.
   */
  get canRequest(): boolean {
    return this.stateValue === 'open' && !this.gate.paused;
  }

  /** Resolves once `canRequest` holds; rejects with a `not-connected` error after `timeoutMs`. */
  whenRequestable(timeoutMs: number): Promise<void> {
    return this.requestable.wait(
      timeoutMs,
      () => new BlazeConnectionError(`Blaze was still ${this.stateValue} after waiting ${timeoutMs} ms to send`, 'not-connected'),
    );
  }

  /** Stops reading the socket, so TCP pushes back on the server; replies and errors still go through. */
  pause(): void {
    this.gate.pause(this.ws);
  }

  resume(): void {
    const { reading, listPending } = this.gate.resume(this.ws);
    if (!reading) return;
    if (listPending && this.ws && this.stateValue === 'open') this.listPending(this.ws);
    this.requestable.wake();
  }

  /** Closes the socket for good: no reconnect, outstanding requests rejected. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.keepalive.stop();
    const ws = this.ws;
    this.ws = undefined;
    this.tracker.failAll('connection closed by the application');
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => ws.terminate(), 2000);
        ws.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'shutdown');
      });
    }
    this.setState('closed');
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = this.config.urls[this.urlIndex % this.config.urls.length];
    let token: string;
    try {
      token = await this.signer.sign('GET', '/');
    } catch (err) {
      this.logger.error(`cannot sign the Blaze token: ${(err as Error).message}`);
      return this.scheduleReconnect();
    }
    if (this.stopped) return;
    const ws = new WebSocket(url, SUBPROTOCOL, {
      headers: { Authorization: `Bearer ${token}` },
      handshakeTimeout: this.config.connectTimeoutMs,
      maxPayload: this.config.maxCompressedBytes,
      perMessageDeflate: false,
    });
    this.ws = ws;
    ws.on('open', () => this.onOpen(ws, url));
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('pong', () => this.keepalive.touch());
    ws.on('ping', () => this.keepalive.touch());
    ws.on('unexpected-response', (_req, res) => this.onRejectedUpgrade(ws, res, url));
    ws.on('error', (err) => this.logger.warn(`Blaze socket error on ${url}: ${err.message}`));
    ws.on('close', (code) => this.onClose(ws, code));
  }

  private onOpen(ws: WebSocket, url: string): void {
    if (ws !== this.ws) return;
    this.logger.log(`connected to ${url}`);
    this.unauthorized = false;
    this.backoff.reset();
    this.keepalive.start(ws);
    this.setState('open');
    // Still over the high-water mark from before the reconnect: the new socket waits too.
    if (this.gate.paused) this.gate.holdNewSocket(ws);
    else this.listPending(ws);
  }

  private listPending(ws: WebSocket): void {
    this.request('LIST_PENDING_MESSAGES').catch((err: Error) => {
      this.logger.warn(`LIST_PENDING_MESSAGES failed (${err.message}); reconnecting`);
      ws.terminate();
    });
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    this.keepalive.touch();
    if (!isBinary) {
      this.logger.warn('dropped a text frame: Blaze frames are binary gzip');
      return;
    }
    this.inbox.push(data as Buffer);
  }

  private route(frame: BlazeFrame): void {
    if (typeof frame.id === 'string' && this.tracker.settle(frame)) return;
    switch (frame.action) {
      case 'CREATE_MESSAGE':
        if (frame.data && typeof frame.data === 'object') {
          this.gate.offer(frame.data);
        } else this.logger.warn(`dropped a CREATE_MESSAGE frame without data (frame id ${String(frame.id)})`);
        return;
      case 'ERROR':
        return this.onErrorFrame(frame);
      default:
        // ACKNOWLEDGE_MESSAGE_RECEIPT pushes report the status of messages we sent; calls are not for bots.
        this.logger.debug(`ignored a ${frame.action} push`);
    }
  }

  private onErrorFrame(frame: BlazeFrame): void {
    const code = frame.error?.code;
    if (code !== undefined && UNAUTHORIZED_CODES.has(code)) {
      this.markUnauthorized(describeUnauthorized(`an ERROR frame with code ${code}`));
      this.ws?.terminate();
      return;
    }
    this.logger.warn(`Blaze sent ERROR code ${code ?? '?'}: ${frame.error?.description ?? 'no description'}`);
  }

  private onRejectedUpgrade(ws: WebSocket, res: IncomingMessage, url: string): void {
    if (res.statusCode === 401) {
      this.markUnauthorized(describeUnauthorized(`HTTP 401 at the upgrade of ${url}`, res.headers));
    } else {
      this.logger.warn(`Blaze upgrade to ${url} answered HTTP ${res.statusCode}`);
    }
    res.resume();
    ws.terminate();
  }

  private onClose(ws: WebSocket, code: number): void {
    this.inbox.flush(); // frames read before the close are routed first, as they arrived
    this.keepalive.stop();
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.gate.dropHeld();
    this.tracker.failAll(`socket closed (${code})`);
    if (this.stopped) return;
    if (this.stateValue === 'open') this.logger.warn(`Blaze connection closed (code ${code}); reconnecting`);
    this.scheduleReconnect();
  }

  private markUnauthorized(explanation: string): void {
    this.unauthorized = true;
    this.logger.error(
      `${explanation}. Retrying every ${Math.round(this.config.unauthorizedRetryMs / 1000)} s until the token is accepted.`,
    );
    this.setState('unauthorized');
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.urlIndex++;
    const delay = this.unauthorized ? this.config.unauthorizedRetryMs : this.backoff.next();
    if (!this.unauthorized) this.setState('reconnecting');
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
