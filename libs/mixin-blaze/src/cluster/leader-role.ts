import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown } from '../util/log-safe.js';
import { LeaseKeeper } from './lease-keeper.js';
import type { ResolvedClusterOptions } from './cluster-options.js';
import type { RedisClient } from './redis-client.js';

/** What the leader does with the Blaze socket. */
export interface LeaderDuties {
  /** Became leader: start reading Blaze. */
  lead(): void;
  /** Lost or gave up the lease: stop reading at once, then close the socket. */
  standDown(): Promise<void>;
  /** The role changed (for state and stats). */
  roleChanged(role: ClusterRole): void;
}

/** A replica's part in the cluster. */
export type ClusterRole = 'leader' | 'standby';

/**
 * Elects the one replica that holds the Blaze socket, through a lease in Redis. A standby polls
 * for a free lease; the leader renews it, and stands down (stops reading and closes the socket)
 * when the lease is lost or cannot be renewed before the fence (see LeaseKeeper).
 */
export class LeaderRole {
  private readonly lease: LeaseKeeper;
  private roleValue: ClusterRole = 'standby';
  private pollTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  private stopped = true;
  /** Serialises lead and stand-down, so a socket is never opened while the last one closes. */
  private transition: Promise<void> = Promise.resolve();

  constructor(
    redis: RedisClient,
    private readonly key: string,
    private readonly replicaId: string,
    private readonly options: ResolvedClusterOptions,
    private readonly duties: LeaderDuties,
    private readonly logger: EngineLogger,
  ) {
    this.lease = new LeaseKeeper(redis, replicaId, options, (_key, why) => this.lost(why), logger);
  }

  get role(): ClusterRole {
    return this.roleValue;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.poll();
    this.renewTimer = setInterval(() => void this.lease.renewAll(), this.options.renewMs);
  }

  /** Gives the lease up at once (SIGTERM): stop reading, close the socket, then free the lease. */
  async handOver(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.renewTimer);
    this.lease.stop();
    if (this.roleValue !== 'leader') return;
    this.setRole('standby');
    const closing = this.duties.standDown();
    await this.step(async () => {
      await closing;
      await this.lease.release([this.key]);
      this.logger.log(`replica ${this.replicaId} handed the leader lease over`);
    });
  }

  private poll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => {
      void this.step(async () => {
        if (this.roleValue === 'leader' || this.stopped) return;
        if (await this.lease.tryAcquire(this.key)) {
          if (this.stopped) return void (await this.lease.release([this.key]));
          this.logger.log(`replica ${this.replicaId} is the leader: it holds the Blaze connection`);
          this.setRole('leader');
          this.duties.lead();
        }
      }).finally(() => this.poll());
    }, this.roleValue === 'leader' ? this.options.renewMs : this.pollDelay());
  }

  // The first try is at once; later ones are spread a little, so standbys do not poll in step.
  private polled = false;
  private pollDelay(): number {
    if (!this.polled) {
      this.polled = true;
      return 0;
    }
    return Math.round(this.options.pollMs * (0.8 + Math.random() * 0.4));
  }

  // Synchronous up to standDown's first await: reading stops now, not after a pending Redis call.
  private lost(why: string): void {
    if (this.roleValue !== 'leader') return;
    this.logger.warn(`replica ${this.replicaId} lost the leader lease (${why}); closing the Blaze connection`);
    this.setRole('standby');
    const closing = this.duties.standDown();
    this.transition = Promise.all([this.transition, closing]).then(
      () => undefined,
      (err) => this.logger.error(`closing the Blaze connection after losing the lease failed: ${describeThrown(err)}`),
    );
  }

  private setRole(role: ClusterRole): void {
    this.roleValue = role;
    this.duties.roleChanged(role);
  }

  private step(work: () => Promise<void>): Promise<void> {
    const next = this.transition.then(work).catch((err) => this.logger.error(`leader election step failed: ${describeThrown(err)}`));
    this.transition = next;
    return next;
  }
}
