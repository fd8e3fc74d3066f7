import type { AckSink } from '../dispatch/ack-decision.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown } from '../util/log-safe.js';
import type { ClusterKeys } from './cluster-keys.js';
import { SCRIPTS } from './cluster-scripts.js';
import type { RedisClient } from './redis-client.js';

// Marks per script call: a call never holds Redis for long (a replica's prefetch keeps it far below).
const MARK_BATCH = 1000;

/**
 * The ack path in cluster mode: a finished message is first recorded as handled in Redis (so that
 * after any crash its redelivery or reclaimed entry is acked again, not handled again), then acked
 * to Mixin. Records go in batches, one script call each.
 *
 * When Redis does not answer, the ack goes out anyway: the message was handled, and an ack that
 * waited for Redis could land after a new leader had been pushed the message again. The only
 * double handling left is the one the issue allows: this replica dying before the entry settles.
 */
export class ClusterAcks implements AckSink {
  private readonly batch: { id: string; then: () => void }[] = [];
  /**
   * Recorded (or being recorded) and not yet acked: their entries settle after the ack. The
   * dispatcher's end of a message takes its mark (`takeAcking`), so only acks outside a dispatch
   * (`again`, a late `blaze.ack()`) wait here for `landed`.
   */
  private readonly acking = new Set<string>();
  private scheduled = false;
  private flushing = false;
  private redis?: RedisClient;
  /** Told which marks landed (so that settling need not set them again). */
  onMarked?: (messageIds: string[]) => void;

  constructor(
    private readonly inner: AckSink,
    private readonly keys: ClusterKeys,
    private readonly ttlMs: number,
    private readonly logger: EngineLogger,
  ) {}

  /** Redis is connected; before this, nothing is recorded (nothing can be handled either). */
  attach(redis: RedisClient): void {
    this.redis = redis;
  }

  enqueue(messageId: string): void {
    this.record(messageId, () => this.inner.enqueue(messageId));
  }

  ack(messageId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => this.record(messageId, () => this.inner.ack(messageId).then(resolve, reject)));
  }

  /** A redelivery of a message Redis says was handled: ack it again, nothing to record. */
  again(messageId: string): void {
    this.acking.add(messageId);
    this.inner.enqueue(messageId);
  }

  /** Whether an ack of this message is under way; forgets it, as nothing asks twice. */
  takeAcking(messageId: string): boolean {
    return this.acking.delete(messageId);
  }

  /** Their acks landed. */
  landed(messageIds: readonly string[]): void {
    for (const id of messageIds) this.acking.delete(id);
  }

  private record(id: string, then: () => void): void {
    this.acking.add(id);
    this.batch.push({ id, then });
    this.schedule();
  }

  // One write in flight: marks finished meanwhile go together in the next one, which under load
  // makes bigger batches, here and in the ack requests that follow (fewer round trips per message).
  private schedule(): void {
    if (this.scheduled || this.flushing || this.batch.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.flushing = true;
    const batch = this.batch.splice(0, MARK_BATCH);
    if (this.redis) {
      try {
        await SCRIPTS.mark.run(this.redis, batch.map(({ id }) => this.keys.message(id)), [this.ttlMs]);
        this.onMarked?.(batch.map(({ id }) => id));
      } catch (err) {
        this.logger.warn(`could not record ${batch.length} handled messages in Redis (${describeThrown(err)}); acknowledging them anyway`);
      }
    }
    this.flushing = false;
    for (const { then } of batch) then();
    this.schedule();
  }
}
