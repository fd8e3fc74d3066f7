import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { encodeDeflatedFrame } from '../transport/frame-codec.js';
import { TokenVerifier } from './emulator-auth.js';
import { SkewedTokenVerifier } from './emulator-http.js';
import { MicroClock, messageView, storeMessage } from './emulator-feed.js';
import { EmulatorFaults, FaultState } from './emulator-faults.js';
import { DEFAULT_USER_ID } from './emulator-ids.js';
import { EmulatorServer } from './emulator-server.js';
import { EmulatorSocketFaults, SocketFaultState } from './emulator-socket-faults.js';
import type { EmulatorConnection } from './emulator-socket.js';
import { EmulatorStore } from './emulator-store.js';
import { EmulatorRecords } from './emulator-records.js';
import type { BlazeEmulatorOptions, EmulatorModuleOptions, MessageView, UserSendOptions } from './emulator-types.js';
import { generateTestKeystore, type TestKeystore } from './test-keystore.js';
import { PlaygroundServer } from './playground/playground-server.js';
import type { Playground, PlaygroundOptions } from './playground/playground-types.js';

/** Options of {@link BlazeEmulator.pushRawFrame}. */
export interface RawFrameOptions {
  /** Gzip the bytes first (default true). */
  gzip?: boolean;
  /** Send as a binary frame (default true); false sends a text frame. */
  binary?: boolean;
}

/**
 * A Blaze server and Mixin HTTP API on loopback, for tests: feed messages as a user would,
 * then assert what the bot acked and sent. State survives `stop()`/`restart()`.
 */
export class BlazeEmulator extends EmulatorRecords {
  readonly keystore: TestKeystore;
  /** Fault injection switches. */
  readonly faults: EmulatorFaults;
  /** Hostile or strict server behaviour at the socket level (close codes, on-open frames, silent-client drops). */
  readonly socketFaults: EmulatorSocketFaults;
  private readonly socketFaultState = new SocketFaultState();
  private readonly faultState = new FaultState();
  private readonly clock = new MicroClock();
  private readonly server: EmulatorServer;
  private readonly defaultUserId: string;
  private currentPort = 0;
  private playgroundServer?: PlaygroundServer;

  private constructor(options: BlazeEmulatorOptions) {
    super(new EmulatorStore());
    this.keystore = options.keystore ?? generateTestKeystore();
    this.defaultUserId = options.defaultUserId ?? DEFAULT_USER_ID;
    const log = options.log ?? (() => undefined);
    this.server = new EmulatorServer({
      store: this.store,
      faults: this.faultState,
      clock: this.clock,
      botUserId: this.keystore.app_id,
      sessionId: this.keystore.session_id,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
      dropSilentAfterMs: options.dropSilentAfterMs ?? 0,
      socketFaults: this.socketFaultState,
      verifier: options.clockSkewMs ? new SkewedTokenVerifier(this.keystore, options.clockSkewMs) : new TokenVerifier(this.keystore),
      clockSkewMs: options.clockSkewMs ?? 0,
      hung: { acks: new Set<IncomingMessage>(), sends: new Set<IncomingMessage>() },
      log,
    });
    this.faults = new EmulatorFaults(this.faultState, {
      dropConnections: () => this.eachLive((c) => c.terminate()),
      silence: () => this.eachLive((c) => c.silence()),
      resume: () => this.eachLive((c) => c.resume()),
      releaseHung: (kind) => this.server.releaseHung(kind),
    });
    this.socketFaults = new EmulatorSocketFaults(this.socketFaultState);
  }

  /** Starts an emulator on 127.0.0.1 (a random port unless `options.port` is set). */
  static async start(options: BlazeEmulatorOptions = {}): Promise<BlazeEmulator> {
    const emu = new BlazeEmulator(options);
    emu.currentPort = await emu.server.listen(options.port ?? 0);
    if (options.playground) await emu.servePlayground(options.playground === true ? {} : options.playground);
    return emu;
  }

  /**
   * Serves the playground: a page on loopback where you chat with the bot as one or more users
   * and watch each message's state. Resolves once it listens; a second call returns the same one.
   */
  async servePlayground(options: PlaygroundOptions = {}): Promise<Playground> {
    if (this.playgroundServer) return this.playgroundServer;
    const server = new PlaygroundServer(this, options);
    await server.listen(options.port ?? 0);
    this.playgroundServer = server;
    return server;
  }

  /** The playground, once `servePlayground()` (or `start({ playground })`) started it. */
  get playground(): Playground | undefined {
    return this.playgroundServer;
  }

  get port(): number {
    return this.currentPort;
  }
  get blazeUrl(): string {
    return `ws://127.0.0.1:${this.currentPort}/`;
  }
  get apiUrl(): string {
    return `http://127.0.0.1:${this.currentPort}`;
  }
  /** The bot's user id (= keystore.app_id). */
  get botUserId(): string {
    return this.keystore.app_id;
  }
  /** The user `userSends` speaks as by default. */
  get userId(): string {
    return this.defaultUserId;
  }

  /** Everything the library module needs to talk to this emulator. */
  moduleOptions(): EmulatorModuleOptions {
    return { keystore: this.keystore, blazeUrl: this.blazeUrl, apiUrl: this.apiUrl };
  }

  // ---- feeding ----

  /** Queues one message from a user to the bot; returns its view as a live push would carry it. */
  userSends(opts: UserSendOptions): MessageView {
    const m = storeMessage(opts, this.botUserId, this.defaultUserId, this.clock);
    this.store.addMessage(m);
    const view = messageView(m, 'CREATE_MESSAGE');
    this.store.emit('message', view);
    return view;
  }

  /**
   * Queues one message whose pushes carry `action` instead of CREATE_MESSAGE (e.g. CREATE_CALL,
   * CREATE_KRAKEN, docs/protocol.md §3.3); like any message it is pushed again on every connection until acked.
   */
  userSendsAs(action: string, opts: UserSendOptions): MessageView {
    const messageId = opts.messageId ?? randomUUID();
    this.socketFaultState.pushActions.set(messageId, action);
    return this.userSends({ ...opts, messageId });
  }

  /** Queues a PLAIN_TEXT message. */
  userSendsText(text: string, opts: Omit<UserSendOptions, 'payload'> = {}): MessageView {
    return this.userSends({ ...opts, payload: text });
  }

  /** Queues `n` messages cheaply (no views built); returns their ids in order. */
  userSendsMany(n: number, makeOpts: (i: number) => UserSendOptions): string[] {
    const ids: string[] = [];
    const announce = this.store.listenerCount('message') > 0;
    for (let i = 0; i < n; i++) {
      const m = storeMessage(makeOpts(i), this.botUserId, this.defaultUserId, this.clock);
      this.store.addMessage(m);
      ids.push(m.messageId);
      if (announce) this.store.emit('message', messageView(m, 'CREATE_MESSAGE'));
    }
    return ids;
  }

  /**
   * Encodes now (JSON + gzip) the first push of every queued message not delivered yet, so that
   * it sends ready bytes. For benchmarks, where the per-frame gzip would otherwise make the
   * emulator the bottleneck. `source` is the push it serves: the backlog a bot lists after it
   * connects (default), or `'CREATE_MESSAGE'`, the live push to a bot already connected (call it
   * in the same event-loop turn as the `userSends…` that queued the messages). Returns how many
   * frames were encoded.
   */
  preencodePending(source: 'LIST_PENDING_MESSAGES' | 'CREATE_MESSAGE' = 'LIST_PENDING_MESSAGES'): number {
    let n = 0;
    const messages = this.store.messages;
    for (let i = this.store.pendingStart(); i < messages.length; i++) {
      const m = messages[i];
      if (m.acked || m.deliveries > 0 || m.preencoded) continue;
      m.preencoded = encodeDeflatedFrame({ id: randomUUID(), action: 'CREATE_MESSAGE', data: messageView(m, source) });
      m.preencodedSource = source;
      n++;
    }
    return n;
  }

  /** Sends arbitrary bytes (or an object as JSON) to every open connection; returns how many. */
  pushRawFrame(frame: Uint8Array | string | object, options: RawFrameOptions = {}): number {
    const plain =
      frame instanceof Uint8Array ? Buffer.from(frame) :
      typeof frame === 'string' ? Buffer.from(frame, 'utf8') :
      Buffer.from(JSON.stringify(frame), 'utf8');
    const bytes = options.gzip === false ? plain : gzipSync(plain);
    return this.eachLive((c) => c.sendBytes(bytes, options.binary !== false));
  }

  // ---- lifecycle ----

  /** Server goes away: sockets terminated, port released; queued messages and records stay. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  /** Listens again on the same port after `stop()`. */
  async restart(): Promise<void> {
    if (this.server.listening) return;
    await this.server.listen(this.currentPort);
  }

  /** Terminates everything; pending waits reject. */
  async close(): Promise<void> {
    this.faultState.acks = null;
    this.faultState.sends = null;
    await Promise.all([this.server.stop(), this.playgroundServer?.close()]);
    this.store.emit('closed');
  }

  private eachLive(fn: (c: EmulatorConnection) => void): number {
    let n = 0;
    for (const c of this.server.live) {
      if (!c.isOpen) continue;
      fn(c);
      n++;
    }
    return n;
  }
}
