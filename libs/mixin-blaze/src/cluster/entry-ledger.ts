import { Backoff } from '../util/backoff.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown } from '../util/log-safe.js';
import { WakeUp, woken } from '../util/wake-up.js';
import type { ClusterKeys } from './cluster-keys.js';
import { SCRIPTS } from './cluster-scripts.js';
import type { RedisClient } from './redis-client.js';

/** One stream entry this replica took: where it is, and what it weighs. */
export interface StreamEntry {
  messageId: string;
  partition: number;
  entryId: string;
  weight: number;
  /** Its message's handled mark landed in Redis. */
  marked?: boolean;
}

/**
 * What settling does to a message's state key: `k` keep it (the handled mark landed), `h` mark it
 * handled (acked, but its mark may not have landed), `d` delete it (finished without an ack).
 */
type StateChange = 'k' | 'h' | 'd';

/** An entry on its way off the stream. */
interface Settling extends StreamEntry {
  state: StateChange;
}

const SETTLE_BATCH = 500;

/**
 * The stream entries a worker holds, from the moment it read them until Redis took them off the
 * stream (settled): after the ack landed, or at once for a message finished without an ack
 * (SkipAck, a dead letter left un-acked). An entry left (shutdown) stays
 * pending in Redis for the partition's next owner. Settling retries until Redis answers.
 */
export class EntryLedger {
  private readonly byMessage = new Map<string, StreamEntry[]>();
  /** Entry ids held (stream ids are unique across partitions only by chance, so with the partition). */
  private readonly entryIds = new Set<string>();
  /** Entries held per partition, settling included: a partition is released at 0. */
  private readonly perPartition = new Map<number, number>();
  private settleQueue: Settling[] = [];
  private settling = false;
  private retryTimer?: NodeJS.Timeout;
  private readonly backoff = new Backoff({ initialDelayMs: 50, maxDelayMs: 1000, multiplier: 2 });
  private readonly changed = new WakeUp();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: ClusterKeys,
    /** TTL of a message's handled mark. */
    private readonly markTtlMs: number,
    private readonly logger: EngineLogger,
  ) {}

  track(entry: StreamEntry): void {
    const list = this.byMessage.get(entry.messageId);
    if (list) list.push(entry);
    else this.byMessage.set(entry.messageId, [entry]);
    this.perPartition.set(entry.partition, (this.perPartition.get(entry.partition) ?? 0) + 1);
    this.entryIds.add(`${entry.partition}/${entry.entryId}`);
  }

  /** Whether this entry of partition `p` is held already. */
  holdsEntry(partition: number, entryId: string): boolean {
    return this.entryIds.has(`${partition}/${entryId}`);
  }

  has(messageId: string): boolean {
    return this.byMessage.has(messageId);
  }

  /** The partition of a held message. */
  partitionOf(messageId: string): number | undefined {
    return this.byMessage.get(messageId)?.[0]?.partition;
  }

  /** Entries held of partition `p`. */
  heldIn(partition: number): number {
    return this.perPartition.get(partition) ?? 0;
  }

  get size(): number {
    let n = 0;
    for (const count of this.perPartition.values()) n += count;
    return n;
  }

  /** Their handled marks landed in Redis. */
  marked(messageIds: readonly string[]): void {
    for (const id of messageIds) for (const e of this.byMessage.get(id) ?? []) e.marked = true;
  }

  /** Their acks landed: take them off the streams. */
  acked(messageIds: readonly string[]): void {
    for (const id of messageIds) this.toSettle(id, true);
  }

  /** Finished without an ack (SkipAck, a dead letter left): off the streams, so that a redelivery is queued again. */
  dropped(messageId: string): void {
    this.toSettle(messageId, false);
  }

  /** Not finished (shutdown): left pending in Redis for the partition's next owner. */
  left(messageId: string): void {
    for (const e of this.take(messageId)) this.forget(e.partition);
  }

  /** Waits until nothing is being settled; false after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.settleQueue.length > 0 || this.settling) {
      this.kick();
      if (!(await woken(this.changed.signal, Math.max(0, deadline - Date.now())))) return false;
    }
    return true;
  }

  stop(): void {
    clearTimeout(this.retryTimer);
  }

  private take(messageId: string): StreamEntry[] {
    const list = this.byMessage.get(messageId) ?? [];
    this.byMessage.delete(messageId);
    for (const e of list) this.entryIds.delete(`${e.partition}/${e.entryId}`);
    return list;
  }

  private toSettle(messageId: string, acked: boolean): void {
    const list = this.take(messageId);
    if (list.length === 0) return;
    for (const e of list) {
      (e as Settling).state = !acked ? 'd' : e.marked ? 'k' : 'h';
      this.settleQueue.push(e as Settling);
    }
    this.kick();
  }

  private forget(partition: number): void {
    const n = (this.perPartition.get(partition) ?? 1) - 1;
    if (n <= 0) this.perPartition.delete(partition);
    else this.perPartition.set(partition, n);
    this.changed.wake();
  }

  private kick(): void {
    if (this.settling || this.retryTimer || this.settleQueue.length === 0) return;
    this.settling = true;
    setImmediate(() => void this.settleSome());
  }

  private async settleSome(): Promise<void> {
    const batch = this.settleQueue.slice(0, SETTLE_BATCH);
    const keys = [this.keys.load];
    const args: (string | number)[] = [this.keys.group, this.markTtlMs, batch.length];
    for (const e of batch) {
      keys.push(this.keys.stream(e.partition), this.keys.message(e.messageId));
      args.push(e.entryId, e.weight, e.state);
    }
    try {
      await SCRIPTS.settle.run(this.redis, keys, args);
      this.backoff.reset();
      this.settleQueue.splice(0, batch.length);
      for (const e of batch) this.forget(e.partition);
    } catch (err) {
      const delay = this.backoff.next();
      this.logger.debug(`could not settle ${batch.length} queue entries in Redis (${describeThrown(err)}); retrying in ${delay} ms`);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.kick();
      }, delay);
    } finally {
      this.settling = false;
      this.changed.wake();
    }
    this.kick();
  }
}
