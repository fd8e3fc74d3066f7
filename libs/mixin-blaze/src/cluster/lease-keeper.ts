import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown } from '../util/log-safe.js';
import { SCRIPTS } from './cluster-scripts.js';
import type { RedisClient } from './redis-client.js';

/** Lease timing: how long a lease lasts in Redis, and how much sooner its holder lets go. */
export interface LeaseTiming {
  leaseMs: number;
  fenceMarginMs: number;
}

/**
 * The leases one replica holds (the leader's, or partitions'). A lease is a Redis key set with
 * NX and a TTL, holding the replica id; it is renewed by a script that checks the holder.
 *
 * Fencing: a holder counts its lease valid until the send time of its last successful
 * acquisition or renewal plus the lease, minus a margin. Redis started the TTL later than that
 * send time, so the holder always gives up before anyone else can take the key, even when Redis
 * is unreachable and no renewal can say so.
 */
export class LeaseKeeper {
  /** key → local time until which the lease is ours. */
  private readonly held = new Map<string, number>();
  private fenceTimer?: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisClient,
    private readonly holder: string,
    private readonly timing: LeaseTiming,
    private readonly onLost: (key: string, why: string) => void,
    private readonly logger: EngineLogger,
  ) {}

  /** True while `key` is held and inside its fenced validity. */
  holds(key: string): boolean {
    const until = this.held.get(key);
    return until !== undefined && until > Date.now();
  }

  get keys(): string[] {
    return [...this.held.keys()];
  }

  /** Takes `key` if it is free; false when someone else holds it or Redis could not be asked. */
  async tryAcquire(key: string): Promise<boolean> {
    const sent = Date.now();
    try {
      const reply = await SCRIPTS.acquire.run(this.redis, [key], [this.holder, this.timing.leaseMs]);
      if (Number(reply) !== 1) return false;
    } catch (err) {
      this.logger.debug(`could not try the lease ${key}: ${describeThrown(err)}`);
      return false;
    }
    this.keep(key, sent);
    return true;
  }

  /** Renews every lease held; one that someone else holds now (or that expired) is lost. */
  async renewAll(): Promise<void> {
    const keys = this.keys;
    if (keys.length === 0) return;
    const sent = Date.now();
    let replies: unknown;
    try {
      replies = await SCRIPTS.renew.run(this.redis, keys, [this.holder, this.timing.leaseMs]);
    } catch (err) {
      // Not lost yet: the fence timer decides, from the last renewal that worked.
      this.logger.debug(`could not renew ${keys.length} leases: ${describeThrown(err)}`);
      return;
    }
    const ok = Array.isArray(replies) ? replies : [];
    keys.forEach((key, i) => {
      if (!this.held.has(key)) return; // released meanwhile
      if (Number(ok[i]) === 1) this.keep(key, sent);
      else this.lose(key, 'it expired or another replica holds it');
    });
  }

  /** Lets go of `keys` now (graceful hand-over); Redis is told when it can be. */
  async release(keys: readonly string[]): Promise<void> {
    const mine = keys.filter((k) => this.held.delete(k));
    if (mine.length === 0) return;
    try {
      await SCRIPTS.release.run(this.redis, mine, [this.holder]);
    } catch (err) {
      this.logger.debug(`could not release ${mine.length} leases (they expire on their own): ${describeThrown(err)}`);
    }
  }

  /** Stops the fence timer (shutdown). */
  stop(): void {
    clearTimeout(this.fenceTimer);
    this.fenceTimer = undefined;
  }

  private keep(key: string, sentAt: number): void {
    this.held.set(key, sentAt + this.timing.leaseMs - this.timing.fenceMarginMs);
    this.armFence();
  }

  private lose(key: string, why: string): void {
    if (!this.held.delete(key)) return;
    this.onLost(key, why);
  }

  /** One timer for the earliest expiry: fencing must not wait on Redis answering. */
  private armFence(): void {
    clearTimeout(this.fenceTimer);
    let earliest = Infinity;
    for (const until of this.held.values()) earliest = Math.min(earliest, until);
    if (earliest === Infinity) return;
    this.fenceTimer = setTimeout(() => {
      const now = Date.now();
      for (const [key, until] of [...this.held]) if (until <= now) this.lose(key, 'it could not be renewed in time');
      this.armFence();
    }, Math.max(0, earliest - Date.now()));
    this.fenceTimer.unref?.();
  }
}
