import { messageWeight } from '../dispatch/back-pressure.js';
import { Backoff } from '../util/backoff.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown, logSafe } from '../util/log-safe.js';
import { isUuid } from '../util/uuid.js';
import { partitionOf, type ClusterKeys } from './cluster-keys.js';
import { SCRIPTS } from './cluster-scripts.js';
import type { RedisClient } from './redis-client.js';

/** The leader's limits and its ways out. */
export interface IntakeConfig {
  partitions: number;
  /** TTL of a message's state in Redis (the dedupe TTL). */
  markTtlMs: number;
  highWaterMark: number;
  lowWaterMark: number;
  maxBufferedBytes: number;
  pollMs: number;
  /** Stop (true) or resume (false) reading the socket. */
  pressure(paused: boolean): void;
  /** A redelivery of a message handled already: ack it again. */
  reack(messageId: string): void;
}

interface Pending {
  messageId: string;
  partition: number;
  json: string;
  weight: number;
}

// One script call carries at most this many messages: big enough to amortise the round trip,
// small enough that one call never holds Redis for long.
const BATCH = 200;

/**
 * The leader's side of the work queue: each message pushed by Blaze goes into its conversation's
 * partition stream in Redis, unless Redis says it was handled (acked again) or is queued already
 * (ignored). Pushes of one event-loop turn go in one script call. Reading pauses while the
 * cluster's unfinished work (from Redis) or this queue is over the high-water mark, and while
 * Redis does not answer; messages not yet in Redis are never acked, so a leader that stands down
 * simply drops them and Blaze pushes them to the next one.
 */
export class LeaderIntake {
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private active = false;
  private flushing = false;
  private scheduled = false;
  private pausedNow = false;
  private retryTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private readonly backoff = new Backoff({ initialDelayMs: 50, maxDelayMs: 1000, multiplier: 2 });
  /** The cluster's unfinished work as Redis last reported it. */
  load = { messages: 0, bytes: 0 };

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: ClusterKeys,
    private readonly config: IntakeConfig,
    private readonly logger: EngineLogger,
  ) {}

  /** Whether reading is paused (cluster over its high-water mark, or Redis not answering). */
  get paused(): boolean {
    return this.pausedNow;
  }

  /** Starts taking pushes (this replica became leader). */
  activate(): void {
    this.active = true;
  }

  /** Stops at once; what is not in Redis yet is dropped un-acked, for Blaze to push again. */
  deactivate(): void {
    this.active = false;
    this.queue = [];
    this.queuedBytes = 0;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pollTimer);
    this.setPaused(false);
  }

  /** A CREATE_MESSAGE push. Never throws. */
  push(view: unknown): void {
    if (!this.active) return;
    if (typeof view !== 'object' || view === null) return this.logger.warn('dropped a message push whose data is not an object');
    const raw = view as Record<string, unknown>;
    const messageId = raw.message_id;
    if (!isUuid(messageId)) {
      this.logger.warn(`dropped a message whose message_id is not a UUID (${logSafe(messageId, 64)}, category ${logSafe(raw.category, 64)}); it cannot be acknowledged`);
      return;
    }
    const conversation = typeof raw.conversation_id === 'string' ? raw.conversation_id : messageId;
    let json: string;
    try {
      json = JSON.stringify(raw);
    } catch (err) {
      return this.logger.error(`message ${messageId} cannot be queued (${describeThrown(err)}); not acknowledged`);
    }
    const weight = messageWeight(raw);
    this.queue.push({ messageId, partition: partitionOf(conversation, this.config.partitions), json, weight });
    this.queuedBytes += weight;
    this.checkPressure();
    if (!this.scheduled && !this.flushing) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
  }

  private async flush(): Promise<void> {
    if (this.flushing || !this.active) return;
    clearTimeout(this.retryTimer);
    this.flushing = true;
    this.retryTimer = undefined;
    try {
      while (this.active && this.queue.length > 0) {
        const batch = this.queue.slice(0, BATCH);
        const keys = [this.keys.load];
        const args: (string | number)[] = [this.config.markTtlMs, batch.length];
        for (const m of batch) {
          keys.push(this.keys.stream(m.partition), this.keys.message(m.messageId));
          args.push(m.messageId, m.json, m.weight);
        }
        let reply: unknown;
        try {
          reply = await SCRIPTS.enqueue.run(this.redis, keys, args);
        } catch (err) {
          if (!this.active) return;
          const delay = this.backoff.next();
          this.logger.warn(`could not queue ${batch.length} messages in Redis (${describeThrown(err)}); reading paused, retrying in ${delay} ms`);
          this.setPaused(true);
          this.retryTimer = setTimeout(() => void this.flush(), delay);
          return;
        }
        this.backoff.reset();
        if (!this.active || this.queue[0] !== batch[0]) return; // stood down (and maybe up again) meanwhile
        this.queue.splice(0, batch.length);
        for (const m of batch) this.queuedBytes -= m.weight;
        const results = Array.isArray(reply) ? (reply as unknown[]) : [];
        batch.forEach((m, i) => {
          if (results[i] === 'h') this.config.reack(m.messageId);
          else if (results[i] === 'q') this.logger.debug(`message ${m.messageId} is queued or being handled already; ignoring the redelivery`);
        });
        this.load = { messages: Number(results[batch.length]) || 0, bytes: Number(results[batch.length + 1]) || 0 };
        this.checkPressure();
      }
    } finally {
      this.flushing = false;
    }
  }

  private checkPressure(): void {
    const { highWaterMark, lowWaterMark, maxBufferedBytes } = this.config;
    const messages = this.load.messages + this.queue.length;
    const bytes = this.load.bytes + this.queuedBytes;
    if (!this.pausedNow && (messages >= highWaterMark || bytes >= maxBufferedBytes)) this.setPaused(true);
    else if (this.pausedNow && !this.retryTimer && messages <= lowWaterMark && bytes <= maxBufferedBytes / 2) this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    if (paused === this.pausedNow) return;
    this.pausedNow = paused;
    this.config.pressure(paused);
    if (paused) this.pollLoad();
  }

  /** While paused, the load only falls as workers finish: ask Redis for it now and then. */
  private pollLoad(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(async () => {
      if (!this.pausedNow || !this.active) return;
      try {
        const [n, b] = (await this.redis.call('HMGET', this.keys.load, 'n', 'b')) as [string | null, string | null];
        this.load = { messages: Number(n) || 0, bytes: Number(b) || 0 };
        this.checkPressure();
      } catch {
        // Redis is down: stay paused, ask again.
      }
      if (this.pausedNow) this.pollLoad();
      // Often: at thousands of messages a second, workers drain from the high to the low mark in
      // about 100 ms and would then sit idle until the next look (docs/performance.md).
    }, Math.min(20, this.config.pollMs));
  }
}
