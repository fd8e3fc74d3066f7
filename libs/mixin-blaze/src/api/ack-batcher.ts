import { Backoff, type BackoffPolicy } from '../util/backoff.js';
import type { BlazeObserver } from '../util/blaze-observer.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown, logSafe } from '../util/log-safe.js';
import { isUuid } from '../util/uuid.js';
import { WakeUp, woken } from '../util/wake-up.js';
import { isPermanentRefusal } from './ack-refusal.js';
import { MixinApiError } from './mixin-api.error.js';

/** Sends one batch of acknowledgements; resolves once the server accepted all of them. */
export type AckSender = (messageIds: string[]) => Promise<void>;

/** How acknowledgements are grouped; each ack strategy brings its own. */
export interface AckBatching {
  batchSize: number;
  flushIntervalMs: number;
  concurrency: number;
}

export interface AckBatcherConfig extends AckBatching {
  retry: BackoffPolicy;
}

interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

// Queued or in flight, and nobody waits on it (see `enqueue`).
const UNWATCHED = null;

/**
 * Collects acknowledgements into batches of at most `batchSize` per request. A full batch leaves
 * at once; a partial one leaves at the end of the current event-loop turn when no request is in
 * flight, and otherwise when one returns or after `flushIntervalMs` at most. It keeps
 * `concurrency` requests in flight.
 *
 * A batch that fails transiently (network, timeout, 5xx, 401, 429: see `isPermanentRefusal`) is
 * retried as it is, ahead of newer acks, after a backoff and never sooner than the server's
 * `Retry-After`. A batch refused for its contents is split in halves and both are resent, so one
 * bad entry cannot hold back the others; an ack refused on its own is dropped with an error log
 * (its message stays unacked and Blaze redelivers it) and its `ack()` promise rejects. Only UUIDs
 * are accepted: a message id from the wire is never put in a request unchecked.
 */
export class AckBatcher {
  /** Every ack queued or in flight, with its waiter when someone asked for a promise. */
  private readonly waiters = new Map<string, Waiter | typeof UNWATCHED>();
  private queue: string[] = [];
  private head = 0;
  /** Batches to resend as they are (failed ones, halves of refused ones), before anything queued. */
  private held: string[][] = [];
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private timerAt = 0;
  private immediate?: NodeJS.Immediate;
  // Our own backoff after a failure (a flush skips it) and the server's Retry-After (always kept).
  private retryAt = 0;
  private holdUntil = 0;
  private readonly backoff: Backoff;
  /** Woken once every ack landed; awaited while a `flush` runs. */
  private readonly drained = new WakeUp();
  // Set when the flush timer fires, so one partial batch may go out.
  private flushDue = false;
  private stopped = false;

  constructor(
    private readonly config: AckBatcherConfig,
    private readonly send: AckSender,
    private readonly logger: EngineLogger,
    private readonly observer?: BlazeObserver,
  ) {
    this.backoff = new Backoff(config.retry);
  }

  /**
   * Queues an ack; resolves once the server accepted it. The same id queued twice shares one ack.
   * Rejects at once for an id that is not a UUID, and with the server's error if it refuses this
   * id on its own (the message is then redelivered later).
   */
  ack(messageId: string): Promise<void> {
    if (!isUuid(messageId)) return Promise.reject(new Error(`cannot acknowledge ${logSafe(messageId)}: a message id must be a UUID`));
    const existing = this.waiters.get(messageId);
    if (existing) return existing.promise;
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const queued = existing === UNWATCHED;
    this.waiters.set(messageId, { promise, resolve, reject });
    if (!queued) this.push(messageId);
    return promise;
  }

  /** Queues an ack nobody waits for (auto-ack): the same as `ack` without the promise. Drops a non-UUID id. */
  enqueue(messageId: string): void {
    if (!isUuid(messageId)) {
      this.logger.error(`not acknowledging ${logSafe(messageId)}: a message id must be a UUID`);
      return;
    }
    if (this.waiters.has(messageId)) return;
    this.waiters.set(messageId, UNWATCHED);
    this.push(messageId);
  }

  private push(messageId: string): void {
    this.queue.push(messageId);
    this.pump();
  }

  /** Acks not yet accepted by the server (queued or in flight). */
  get outstanding(): number {
    return this.waiters.size;
  }

  /** Sends everything queued now; resolves true once all acks landed, false if `timeoutMs` passed first. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.waiters.size === 0) return true;
    this.retryAt = 0;
    const drained = this.drained.signal;
    this.pump(true);
    const done = await woken(drained, timeoutMs);
    if (!done) this.logger.error(`${this.waiters.size} acknowledgements could not be sent before shutdown; Blaze will redeliver those messages`);
    return done;
  }

  /** Stops the timers; queued acks stay un-sent (their messages are redelivered later). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private get queued(): number {
    return this.queue.length - this.head;
  }

  private pump(now = false): void {
    if (this.stopped) return;
    const waitMs = Math.max(this.retryAt, this.holdUntil) - Date.now();
    if (waitMs > 0) return this.schedule(waitMs);
    while (this.inFlight < this.config.concurrency && (this.held.length > 0 || this.queued > 0)) {
      const again = this.held.shift();
      if (again) {
        this.sendBatch(again);
        continue;
      }
      if (!now && this.queued < this.config.batchSize && !this.flushDue) {
        // Companions are worth waiting for only while an earlier batch is on the wire (as Nagle's
        // algorithm does); with none, or no wait allowed, the batch leaves once this turn's acks joined
        // it (docs/performance.md §4).
        const wait = this.config.flushIntervalMs;
        if (this.inFlight === 0 || wait === 0) this.flushAfterTurn();
        if (wait > 0) this.schedule(wait);
        return;
      }
      this.flushDue = false;
      this.sendBatch(this.take());
    }
  }

  private flushAfterTurn(): void {
    this.immediate ??= setImmediate(() => {
      this.immediate = undefined;
      this.flushDue = true;
      this.pump(this.drained.awaited);
    });
  }

  private schedule(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushDue = true;
      this.pump(this.drained.awaited);
    }, delayMs);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private take(): string[] {
    const batch = this.queue.slice(this.head, this.head + this.config.batchSize);
    this.head += batch.length;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  private sendBatch(batch: string[]): void {
    this.inFlight++;
    this.send(batch).then(
      () => {
        this.inFlight--;
        this.backoff.reset();
        this.observer?.acked(batch);
        for (const id of batch) {
          this.waiters.get(id)?.resolve();
          this.waiters.delete(id);
        }
        this.afterSend();
      },
      (err: unknown) => {
        this.inFlight--;
        if (isPermanentRefusal(err)) this.refused(batch, err);
        else this.retryLater(batch, err);
        this.afterSend();
      },
    );
  }

  private retryLater(batch: string[], err: unknown): void {
    const hold = (err instanceof MixinApiError ? err.retryAfterMs : undefined) ?? 0;
    const delay = Math.max(this.backoff.next(), hold);
    this.logger.warn(`acknowledging ${batch.length} messages failed (${describeThrown(err)}); retrying in ${delay} ms`);
    // Back to the front: these are the oldest acks and the server is waiting for them.
    this.held.unshift(batch);
    this.retryAt = Date.now() + delay;
    if (hold > 0) this.holdUntil = Math.max(this.holdUntil, Date.now() + hold);
  }

  /** The server refused the batch for its contents: bisect it, or drop the one entry it refuses. */
  private refused(batch: string[], err: unknown): void {
    if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      this.logger.warn(`the server refused a batch of ${batch.length} acknowledgements (${describeThrown(err)}); resending it in halves to isolate the refused entry`);
      this.held.unshift(batch.slice(0, half), batch.slice(half));
      return;
    }
    const [id] = batch;
    const waiter = this.waiters.get(id);
    this.waiters.delete(id);
    this.logger.error(`the server refused the acknowledgement of message ${logSafe(id)} (${describeThrown(err)}); dropping it: Blaze will redeliver that message later`);
    waiter?.reject(err);
  }

  private afterSend(): void {
    if (this.queued === 0 && this.held.length === 0) this.clearTimer();
    if (this.waiters.size === 0 && this.inFlight === 0) return this.drained.wake();
    this.pump(this.drained.awaited);
  }
}
