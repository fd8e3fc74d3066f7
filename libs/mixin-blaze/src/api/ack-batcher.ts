import { Logger } from '@nestjs/common';
import { Backoff } from '../transport/backoff.js';

/** Sends one batch of acknowledgements; resolves once the server accepted all of them. */
export type AckSender = (messageIds: string[]) => Promise<void>;

export interface AckBatcherConfig {
  batchSize: number;
  flushIntervalMs: number;
  concurrency: number;
  retry: { initialDelayMs: number; maxDelayMs: number; multiplier: number };
}

interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
}

// Queued or in flight, and nobody waits on it (see `enqueue`).
const UNWATCHED = null;

/**
 * Collects acknowledgements into batches of at most `batchSize` per request. A full batch leaves
 * at once; a partial one leaves at the end of the current event-loop turn when no request is in
 * flight, and otherwise when one returns or after `flushIntervalMs` at most. It keeps
 * `concurrency` requests in flight, and retries a failed batch with backoff at the front of the
 * queue: an ack is never dropped while the process lives.
 */
export class AckBatcher {
  private readonly logger = new Logger('MixinBlaze');
  /** Every ack queued or in flight, with its waiter when someone asked for a promise. */
  private readonly waiters = new Map<string, Waiter | typeof UNWATCHED>();
  private queue: string[] = [];
  private head = 0;
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private retryAt = 0;
  private readonly backoff: Backoff;
  private drainWaiters: Array<() => void> = [];
  // Set when the flush timer fires, so one partial batch may go out.
  private flushDue = false;
  private stopped = false;

  constructor(
    private readonly config: AckBatcherConfig,
    private readonly send: AckSender,
  ) {
    this.backoff = new Backoff(config.retry);
  }

  /** Queues an ack; resolves once the server accepted it. The same id queued twice shares one ack. */
  ack(messageId: string): Promise<void> {
    const existing = this.waiters.get(messageId);
    if (existing) return existing.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const queued = existing === UNWATCHED;
    this.waiters.set(messageId, { promise, resolve });
    if (!queued) this.push(messageId);
    return promise;
  }

  /** Queues an ack nobody waits for (auto-ack): the same as `ack` without the promise. */
  enqueue(messageId: string): void {
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
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => this.drainWaiters.push(() => resolve(true)));
    const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    this.pump(true);
    const done = await Promise.race([drained, expired]);
    clearTimeout(timer);
    if (!done) this.logger.error(`${this.waiters.size} acknowledgements could not be sent before shutdown; Blaze will redeliver those messages`);
    return done;
  }

  /** Stops the timers; queued acks stay un-sent (their messages are redelivered later). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private get queued(): number {
    return this.queue.length - this.head;
  }

  private pump(now = false): void {
    if (this.stopped) return;
    const waitMs = this.retryAt - Date.now();
    if (waitMs > 0) return this.schedule(waitMs);
    while (this.inFlight < this.config.concurrency && this.queued > 0) {
      if (!now && this.queued < this.config.batchSize && !this.flushDue) {
        // Companions are worth waiting for only while an earlier batch is on the wire (as Nagle's
        // algorithm does); with none, or no wait allowed, the batch leaves once this turn's acks joined it.
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
      this.pump(this.drainWaiters.length > 0);
    });
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushDue = true;
      this.pump(this.drainWaiters.length > 0);
    }, delayMs);
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
        for (const id of batch) {
          this.waiters.get(id)?.resolve();
          this.waiters.delete(id);
        }
        this.afterSend();
      },
      (err: Error) => {
        this.inFlight--;
        const delay = this.backoff.next();
        this.logger.warn(`acknowledging ${batch.length} messages failed (${err.message}); retrying in ${delay} ms`);
        // Back to the front: these are the oldest acks and the server is waiting for them.
        this.queue = [...batch, ...this.queue.slice(this.head)];
        this.head = 0;
        this.retryAt = Date.now() + delay;
        this.afterSend();
      },
    );
  }

  private afterSend(): void {
    if (this.queued === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.waiters.size === 0 && this.inFlight === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const done of waiters) done();
      return;
    }
    this.pump(this.drainWaiters.length > 0);
  }
}
