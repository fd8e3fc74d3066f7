import type { LegacyEd25519Keystore, MixinKeystore } from './auth/keystore.js';
import type { DeadLetter } from './dispatch/dead-letter.js';
import type { MessageDecodeError } from './messages/message-decode.error.js';
import type { BackoffPolicy } from './util/backoff.js';
import type { ClusterOptions, ResolvedClusterOptions } from './cluster/cluster-options.js';

export type { BackoffPolicy };

/** Where acknowledgements go: batched `POST /acknowledgements` (default) or one socket frame each. */
export type AckTransport = 'http' | 'socket';

/**
 * Retrying a handler that threw: total attempts (1 = no retry) and the backoff between them. The
 * other two retry policies, `reconnect` and `ackRetry`, are a backoff alone: they go on until
 * they succeed.
 */
export interface RetryPolicy extends BackoffPolicy {
  attempts: number;
}

/** What happens to a message whose attempts are all spent, after the dead-letter hooks ran: ack it, or leave it for redelivery. */
export type DeadLetterPolicy = 'ack' | 'leave';

/** How `send` behaves while the socket is reconnecting or paused. */
export type SendFallback = 'http' | 'wait' | 'fail';

/** What an invalid or undecodable message looks like to the `onInvalidMessage` hook. */
export interface InvalidMessageInfo {
  messageId?: string;
  category?: string;
  /** Why: a `MessageDecodeError`; an `UnreadableMessageError` (stage `frame`) for a frame over the size limits. */
  error: MessageDecodeError;
  /** The raw `data` object of the CREATE_MESSAGE frame (for an unreadable frame: the envelope fields that could be read). */
  raw: unknown;
}

/**
 * The `metrics` option as an object: where the Prometheus metrics go. `true` means
 * `{ registry: prom-client's global register, prefix: '' }`.
 */
export interface BlazeMetricsOptions {
  /** A prom-client `Registry` (structurally: anything with `registerMetric` and `getSingleMetric`). Default: prom-client's global `register`. */
  registry?: { registerMetric(metric: never): void; getSingleMetric(name: string): unknown };
  /** Put before every metric name (`myapp_` gives `myapp_mixin_blaze_messages_received_total`). Default ''. */
  prefix?: string;
}

/** Options of `MixinBlazeModule.forRoot` / `forRootAsync`. Every default is in `DEFAULT_OPTIONS`. */
export interface MixinBlazeModuleOptions {
  /** The dashboard keystore: an object, or its JSON text. */
  keystore: MixinKeystore | LegacyEd25519Keystore | string;
  /** Blaze endpoints, tried in turn on reconnect. `ws://` only for loopback hosts. */
  blazeUrl?: string | string[];
  /** The HTTP API base URL. `http://` only for loopback hosts. */
  apiUrl?: string;
  /** Open the socket at application bootstrap. Default true. */
  autoConnect?: boolean;
  /** How acknowledgements are sent. Default 'http'. */
  ackTransport?: AckTransport;
  /** Acks per `POST /acknowledgements`, 1–100. Default 100. */
  ackBatchSize?: number;
  /** How long an ack may wait for companions before its batch is sent. Default 100 ms. */
  ackFlushIntervalMs?: number;
  /** Ack requests in flight at once. Default 4. */
  ackConcurrency?: number;
  /** Total time one HTTP request may take (to the last byte of the body), and one socket request's reply. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Websocket handshake timeout. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Client ping period. Default 10 000 ms. */
  pingIntervalMs?: number;
  /** A connection with no inbound traffic (frames or pongs) for this long is dead. Default 25 000 ms. */
  deadConnectionTimeoutMs?: number;
  /** Reconnect backoff: first delay, cap, factor; each delay gets ±20% jitter. Default 500 ms doubling to at most 30 s. */
  reconnect?: Partial<BackoffPolicy>;
  /** Backoff between retries of an ack batch that failed (never sooner than the server's Retry-After). Default: the `reconnect` settings. */
  ackRetry?: Partial<BackoffPolicy>;
  /** Delay between attempts once the server refused our token (401). Default 60 000 ms. */
  unauthorizedRetryMs?: number;
  /** Inbound frame limits: compressed and inflated bytes. Defaults 1 MiB and 8 MiB. */
  maxFrameBytes?: number;
  maxInflatedFrameBytes?: number;
  /** How long shutdown waits for running handlers and the ack flush. Default 10 000 ms. */
  shutdownTimeoutMs?: number;
  /**
   * Called (and awaited) for a message that failed decoding or validation, or could not be read
   * (over the frame limits), before the dead-letter hooks run and it is acked.
   */
  onInvalidMessage?: (info: InvalidMessageInfo) => void | Promise<void>;
  /** Handlers running at once, across conversations. Default 32. */
  concurrency?: number;
  /** Received-but-unfinished messages at which the socket stops being read. Default 1000. */
  highWaterMark?: number;
  /** ...and below which reading resumes. Default half the high-water mark. */
  lowWaterMark?: number;
  /**
   * Buffered bytes at which the socket stops being read (it resumes at half): the base64 payload
   * characters of received-but-unfinished messages plus 1 KiB each. Default 64 MiB.
   */
  maxBufferedBytes?: number;
  /** Retries of a handler that threw. Default 3 attempts, 200 ms doubling to at most 5 s. */
  retry?: Partial<RetryPolicy>;
  /** A handler attempt running longer than this counts as failed (0 = no limit). Default 60 000 ms. */
  handlerTimeoutMs?: number;
  /** After the last attempt failed and the dead-letter hooks ran. Default 'ack'. */
  deadLetter?: DeadLetterPolicy;
  /** Called (and awaited) for each dead letter, besides any `@OnDeadLetter()` methods. */
  onDeadLetter?: (letter: DeadLetter) => void | Promise<void>;
  /** How `send` behaves while the socket cannot take requests: 'http' (POST /messages, default), 'wait' (up to requestTimeoutMs), 'fail'. */
  sendFallback?: SendFallback;
  /** How many handled message ids are remembered to spot redeliveries, and for how long. Defaults 10 000 and 10 min. */
  dedupe?: { capacity?: number; ttlMs?: number };
  /**
   * Cluster mode: replicas of this bot coordinate through Redis (needs the `ioredis` package).
   * One holds the Blaze socket; all run handlers. Off by default. See README, "Run it in production".
   */
  cluster?: ClusterOptions;
  /** Prometheus metrics through prom-client (an optional peer, loaded only when this is on). Default false. */
  metrics?: boolean | BlazeMetricsOptions;
  /** An OpenTelemetry span per handled message through `@opentelemetry/api` (an optional peer, loaded only when this is on). Default false. */
  tracing?: boolean;
}

/** Options after defaults are applied and every field is checked. */
export interface ResolvedBlazeOptions
  extends Required<
    Omit<
      MixinBlazeModuleOptions,
      'keystore' | 'blazeUrl' | 'reconnect' | 'ackRetry' | 'onInvalidMessage' | 'onDeadLetter' | 'retry' | 'dedupe' | 'lowWaterMark' | 'cluster'
    >
  > {
  blazeUrls: string[];
  reconnect: BackoffPolicy;
  ackRetry: BackoffPolicy;
  retry: RetryPolicy;
  dedupe: { capacity: number; ttlMs: number };
  lowWaterMark: number;
  onInvalidMessage?: MixinBlazeModuleOptions['onInvalidMessage'];
  onDeadLetter?: MixinBlazeModuleOptions['onDeadLetter'];
  cluster?: ResolvedClusterOptions;
}

/** The defaults, in one place. */
export const DEFAULT_OPTIONS = {
  blazeUrls: ['wss://blaze.mixin.one/', 'wss://mixin-blaze.zeromesh.net/'],
  apiUrl: 'https://api.mixin.one',
  autoConnect: true,
  ackTransport: 'http' as AckTransport,
  ackBatchSize: 100,
  ackFlushIntervalMs: 100,
  ackConcurrency: 4,
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  pingIntervalMs: 10_000,
  deadConnectionTimeoutMs: 25_000,
  reconnect: { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2 },
  // ackRetry defaults to the resolved reconnect settings (derived in resolveSettings).
  unauthorizedRetryMs: 60_000,
  maxFrameBytes: 1024 * 1024,
  maxInflatedFrameBytes: 8 * 1024 * 1024,
  shutdownTimeoutMs: 10_000,
  concurrency: 32,
  highWaterMark: 1000,
  maxBufferedBytes: 64 * 1024 * 1024,
  // lowWaterMark defaults to highWaterMark / 2 (derived in resolveSettings).
  retry: { attempts: 3, initialDelayMs: 200, maxDelayMs: 5_000, multiplier: 2 },
  handlerTimeoutMs: 60_000,
  deadLetter: 'ack' as DeadLetterPolicy,
  sendFallback: 'http' as SendFallback,
  dedupe: { capacity: 10_000, ttlMs: 600_000 },
  metrics: false as boolean | BlazeMetricsOptions,
  tracing: false,
} satisfies Omit<ResolvedBlazeOptions, 'onInvalidMessage' | 'onDeadLetter' | 'lowWaterMark' | 'ackRetry' | 'cluster'>;
