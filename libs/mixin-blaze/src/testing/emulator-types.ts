import type { PlaygroundOptions } from './playground/playground-types.js';
import type { TestKeystore } from './test-keystore.js';

/** An incoming message as the server pushes it in `data` of CREATE_MESSAGE (docs/protocol.md §3.4). */
export interface MessageView {
  type: 'message';
  conversation_id: string;
  user_id: string;
  session_id: string;
  message_id: string;
  category: string;
  /** Standard base64 of the payload bytes (absent when sent with encoding 'data_base64'). */
  data?: string;
  /** Unpadded base64url of the same bytes (absent when sent with encoding 'data'). */
  data_base64?: string;
  status: string;
  /** 'LIST_PENDING_MESSAGES' for backlog pushes, 'CREATE_MESSAGE' for live pushes. */
  source: string;
  quote_message_id: string;
  representative_id: string;
  silent: boolean;
  expire_in: number;
  created_at: string;
  updated_at: string;
  [extra: string]: unknown;
}

/** What `userSends` accepts: one message from a (fake) user to the bot. */
export interface UserSendOptions {
  category?: string;
  /** string → UTF-8, Buffer/Uint8Array → raw bytes, anything else → JSON. */
  payload: string | Uint8Array | object;
  conversationId?: string;
  userId?: string;
  messageId?: string;
  quoteMessageId?: string;
  /** Which payload fields the pushed view carries; default 'both'. */
  encoding?: 'data' | 'data_base64' | 'both';
  /** Fields merged over the generated view last (may break it on purpose). */
  raw?: Partial<MessageView> & Record<string, unknown>;
}

/** Construction options of {@link BlazeEmulator.start}. */
export interface BlazeEmulatorOptions {
  /** 0 (default) picks a free port; pass a port to reuse it. */
  port?: number;
  /** Defaults to a freshly generated keystore. */
  keystore?: TestKeystore;
  /** The default sender of `userSends`; defaults to a fixed uuid. */
  defaultUserId?: string;
  /** Interval of server ping frames (the Node SDK's watchdog needs them); 0 disables. Default 10000. */
  pingIntervalMs?: number;
  /**
   * Strict keepalive: a connection that has not answered a ping (pong with the same payload) this
   * many ms after it was sent is terminated, as a server dropping dead clients would. 0 (default)
   * disables; needs `pingIntervalMs`. Drops are counted in `emu.socketFaults.silentDrops`.
   */
  dropSilentAfterMs?: number;
  /**
   * Puts the server's clock this many ms off the real one (negative: behind): the HTTP API's
   * `Date` and `X-Server-Time` headers tell the skewed time, and tokens are judged by it, so a
   * skew beyond 5 minutes gets every token refused (401), as Mixin refuses a client whose clock
   * is that far off (docs/protocol.md §1.3). Default 0.
   */
  clockSkewMs?: number;
  /** Receives one line per notable event; silent when absent. Never receives tokens or keys. */
  log?: (line: string) => void;
  /** Also serve the playground page (`emu.servePlayground(options)`); its address is `emu.playground.url`. */
  playground?: boolean | PlaygroundOptions;
}

/** The options to hand to the library module (`MixinBlazeModule.forRoot(emu.moduleOptions())`). */
export interface EmulatorModuleOptions {
  keystore: TestKeystore;
  blazeUrl: string;
  apiUrl: string;
}

/** One bearer token the emulator saw; the raw token itself is never kept. */
export interface TokenRecord {
  method: string;
  path: string;
  /** The decoded (possibly unverified) payload, or null when it did not parse. */
  claims: Record<string, unknown> | null;
  valid: boolean;
  reason?: string;
  seq: number;
}

/** One acknowledgement that marked a message read. */
export interface AckRecord {
  messageId: string;
  status: string;
  via: 'socket' | 'http';
  /** Global event counter shared by acks, sends, connections and refusals. */
  seq: number;
  at: number;
}

/** One message the bot sent, over the socket or POST /messages. */
export interface SentRecord {
  messageId: string;
  conversationId: string;
  recipientId: string;
  category: string;
  /** The payload bytes read as UTF-8. */
  text: string;
  quoteMessageId: string;
  representativeId: string;
  /** Sent without a notification. */
  silent: boolean;
  /** Disappearing-message timer in seconds (0: none). */
  expireIn: number;
  via: 'socket' | 'http';
  seq: number;
  at: number;
}

/** A connection attempt or request the emulator refused or failed on purpose. */
export interface RefusalRecord {
  kind: 'upgrade' | 'frame-auth' | 'ack' | 'send';
  reason: string;
  via: 'socket' | 'http';
  seq: number;
  at: number;
}

/** How an injected HTTP/socket failure behaves. */
export interface FailureOptions {
  /** HTTP status for mode 'status' (default 503; socket replies use code 500). */
  status?: number;
  /**
   * 'status' answers with an error, 'hang' never answers, 'reset' destroys the TCP socket.
   * HTTP only (a socket request answers as 'status'): 'endless' answers 200 with a body that never
   * ends, written as fast as the client reads; 'trickle' answers 200 and then sends one byte every
   * `trickleMs`, forever. Both stop when the client goes away or the fault is cleared.
   */
  mode?: 'status' | 'hang' | 'reset' | 'endless' | 'trickle';
  /** How many requests fail; default: until cleared with `false`. */
  count?: number;
  /** `Retry-After` header value sent with mode 'status' (seconds or an HTTP-date), e.g. with status 429. */
  retryAfter?: string;
  /** Milliseconds between the bytes of mode 'trickle'; default 2000. */
  trickleMs?: number;
}

/** Events emitted by the emulator (`emu.on('ack', ...)`). */
export interface BlazeEmulatorEvents {
  ack: [AckRecord];
  sent: [SentRecord];
  token: [TokenRecord];
  refused: [RefusalRecord];
  connection: [{ id: number; seq: number }];
  disconnect: [{ id: number; seq: number }];
  message: [MessageView];
  /** A queued message was pushed on a connection. */
  delivered: [{ messageId: string; connection: number; source: string; seq: number }];
}
