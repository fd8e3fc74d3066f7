import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown } from '../util/log-safe.js';
import { WakeUp } from '../util/wake-up.js';
import type { ClusterKeys } from './cluster-keys.js';
import { SCRIPTS } from './cluster-scripts.js';
import type { ResolvedClusterOptions } from './cluster-options.js';
import type { EntryLedger } from './entry-ledger.js';
import { LeaseKeeper } from './lease-keeper.js';
import type { RedisClient } from './redis-client.js';

/**
 * Which partitions of the work queue this replica works on. Working replicas heartbeat into a
 * sorted set; each takes free partition leases up to its fair share (partitions ÷ live replicas,
 * rounded up) and drains and releases what it holds beyond it, so that load spreads as replicas
 * come and go. One owner per partition at a time is what keeps a conversation in order across
 * the cluster. A partition whose lease could not be renewed in time is dropped at once (fenced):
 * its messages not yet started are left for the next owner.
 */
export class PartitionOwner {
  private readonly lease: LeaseKeeper;
  private readonly owned = new Set<number>();
  /** Owned, but their pending entries (left by a previous owner) not yet claimed. */
  private readonly unclaimed = new Set<number>();
  /** Owned beyond the fair share: no new reads; released once their entries are settled. */
  private readonly draining = new Set<number>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopped = false;
  /** Live working replicas, as of the last heartbeat. */
  liveReplicas = 1;
  /** Set by the reader: whether a read now in flight includes partition `p`. */
  reading: (p: number) => boolean = () => false;
  private lastFullClaim = Date.now();
  /** Woken when the set of readable partitions changes. */
  readonly changed = new WakeUp();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: ClusterKeys,
    private readonly replicaId: string,
    private readonly options: ResolvedClusterOptions,
    private readonly ledger: EntryLedger,
    private readonly logger: EngineLogger,
  ) {
    this.lease = new LeaseKeeper(redis, replicaId, options, (key) => this.lost(key), logger);
  }

  start(): void {
    void this.tick();
  }

  /** Partitions to read new entries from. */
  readable(): number[] {
    return [...this.owned].filter((p) => !this.unclaimed.has(p) && !this.draining.has(p));
  }

  /** Newly owned partitions whose pending entries must be claimed before anything new is read. */
  toClaim(): number[] {
    return [...this.unclaimed].filter((p) => this.owned.has(p));
  }

  claimed(p: number): void {
    this.unclaimed.delete(p);
    this.changed.wake();
  }

  /** Redis lost the queue (restart): every owned partition is claimed, and its group made, again. */
  forgetClaims(): void {
    for (const p of this.owned) if (!this.draining.has(p)) this.unclaimed.add(p);
  }

  /** Whether `p` is still ours (inside its fenced lease). */
  holds(p: number): boolean {
    return this.owned.has(p) && this.lease.holds(this.keys.partitionLease(p));
  }

  get ownedPartitions(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /** Stops taking partitions and releases every one (after the caller drained its work). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.lease.stop();
    const keys = [...this.owned].map((p) => this.keys.partitionLease(p));
    this.owned.clear();
    this.changed.wake();
    await this.lease.release(keys);
    try {
      await SCRIPTS.heartbeat.run(this.redis, [this.keys.workers], [this.replicaId, Date.now(), 0]);
    } catch {
      // Our heartbeat expires on its own.
    }
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const now = Date.now();
      this.liveReplicas = Math.max(1, Number(await SCRIPTS.heartbeat.run(this.redis, [this.keys.workers], [this.replicaId, now, now + this.options.leaseMs])));
      await this.lease.renewAll();
      await this.rebalance();
      // Now and then, claim every owned partition again: an entry delivered to a replica just as
      // it lost or released the partition stays pending to it, and only a claim takes it back.
      if (now - this.lastFullClaim >= this.options.leaseMs) {
        this.lastFullClaim = now;
        this.forgetClaims();
      }
    } catch (err) {
      this.logger.debug(`partition heartbeat failed: ${describeThrown(err)}`);
    } finally {
      this.ticking = false;
      // As often as a standby polls for the leader lease: partitions freed by a replica that left
      // are taken within a second, not a renewal period.
      if (!this.stopped) this.timer = setTimeout(() => void this.tick(), Math.min(this.options.renewMs, this.options.pollMs));
    }
  }

  private async rebalance(): Promise<void> {
    const share = Math.ceil(this.options.partitions / this.liveReplicas);
    const keeping = this.owned.size - this.draining.size;
    if (keeping > share) {
      for (const p of [...this.owned].reverse()) {
        if (this.owned.size - this.draining.size <= share) break;
        if (!this.draining.has(p)) this.draining.add(p);
      }
      this.changed.wake();
    }
    for (const p of [...this.draining]) {
      // Not while a read that includes it is in flight: its reply could still hand us entries.
      if (this.ledger.heldIn(p) > 0 || this.reading(p)) continue;
      this.draining.delete(p);
      this.owned.delete(p);
      await this.lease.release([this.keys.partitionLease(p)]);
    }
    if (this.owned.size >= share) return;
    // Start at a random partition, so replicas starting together do not race for the same ones.
    const start = Math.floor(Math.random() * this.options.partitions);
    for (let i = 0; i < this.options.partitions && this.owned.size < share && !this.stopped; i++) {
      const p = (start + i) % this.options.partitions;
      if (this.owned.has(p)) continue;
      if (await this.lease.tryAcquire(this.keys.partitionLease(p))) {
        this.owned.add(p);
        this.unclaimed.add(p);
        this.changed.wake();
      }
    }
  }

  private lost(key: string): void {
    for (const p of this.owned) {
      if (this.keys.partitionLease(p) !== key) continue;
      this.logger.warn(`replica ${this.replicaId} lost partition ${p} (its lease could not be renewed in time); its unstarted messages are left to the next owner`);
      this.owned.delete(p);
      this.draining.delete(p);
      this.unclaimed.delete(p);
      this.changed.wake();
    }
  }
}
