import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AckSink } from '../dispatch/ack-decision.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown } from '../util/log-safe.js';
import { ClusterAcks } from './cluster-acks.js';
import { ClusterKeys } from './cluster-keys.js';
import type { ResolvedClusterOptions } from './cluster-options.js';
import { EntryLedger } from './entry-ledger.js';
import { LeaderIntake } from './leader-intake.js';
import { LeaderRole, type ClusterRole } from './leader-role.js';
import { PartitionOwner } from './partition-owner.js';
import { describeRedis, openRedis, type RedisClient, type RedisReachability } from './redis-client.js';
import { WorkReader } from './work-reader.js';

/** A replica's view of the cluster, for `stats()`. */
export interface ClusterStats {
  role: ClusterRole;
  replicaId: string;
  /** Partitions this replica works on now. */
  partitions: number[];
  /** Live working replicas, as of the last heartbeat. */
  replicas: number;
  /** The cluster's unfinished messages (queued, running or awaiting their ack), as the leader last saw them; 0 on a standby. */
  unfinished: number;
  /** Queue entries this replica holds (running, or waiting to be taken off the queue). */
  held: number;
  /** Leader: whether it stopped reading Blaze because the cluster's unfinished work is over the high-water mark (or Redis does not answer). */
  paused: boolean;
  /** How long this replica's Redis connection has been down; 0 while it is up. */
  redisDownForMs: number;
}

/** The rooms of one replica that the cluster drives. */
export interface ClusterParts {
  /** Start and stop reading Blaze. */
  connection: { start(): void; close(): Promise<void>; pause(): void; resume(): void };
  /** Hand a message to the handlers; the unfinished count in this replica. */
  dispatcher: { dispatch(view: unknown): void; readonly stats: { buffered: number } };
  /** The plain ack batcher: for acking again what Redis says was handled. */
  acks: AckSink;
  /** The role changed. */
  roleChanged(role: ClusterRole): void;
}

/** The figures of the module options that cluster mode needs. */
export interface ClusterLimits {
  appId: string;
  sessionId: string;
  /** TTL of a message's state in Redis (queued, handled). */
  dedupeTtlMs: number;
  highWaterMark: number;
  lowWaterMark: number;
  maxBufferedBytes: number;
}

/**
 * One replica of a bot in cluster mode: leader election (only the leader reads Blaze and puts
 * messages into Redis), partition ownership and the read loop (every working replica runs
 * handlers), and the ack path (record handled, ack, take off the queue). Engine code: no Nest.
 */
export class ClusterNode {
  readonly replicaId: string;
  /**
   * What this process writes as lease holder and stream consumer: the replica id plus a random
   * part, so that a restarted process with the same `replicaId` never takes its predecessor's
   * lease or pending entries for its own.
   */
  private readonly holder: string;
  readonly acks: ClusterAcks;
  private readonly keys: ClusterKeys;
  private parts?: ClusterParts;
  private redis?: RedisClient;
  private blocking?: RedisClient;
  private leader?: LeaderRole;
  private intake?: LeaderIntake;
  private owner?: PartitionOwner;
  private reader?: WorkReader;
  private ledger?: EntryLedger;
  private started?: Promise<void>;
  private stopping = false;
  /** The command connection's reachability (for stats and health). */
  private readonly redisReach: RedisReachability = { downSince: 0 };

  constructor(
    private readonly options: ResolvedClusterOptions,
    private readonly limits: ClusterLimits,
    inner: AckSink,
    private readonly logger: EngineLogger,
  ) {
    this.replicaId = options.replicaId ?? `${hostname().slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.holder = `${this.replicaId}#${randomBytes(4).toString('hex')}`;
    this.keys = new ClusterKeys(options.keyPrefix, limits.appId, limits.sessionId);
    this.acks = new ClusterAcks(inner, this.keys, this.markTtlMs, logger);
  }

  /** Wires the replica's rooms; called once, before `start`. */
  bind(parts: ClusterParts): void {
    this.parts = parts;
  }

  get role(): ClusterRole {
    return this.leader?.role ?? 'standby';
  }

  /** Connects to Redis and starts electing, and working. Rejects only when ioredis is missing. */
  start(): Promise<void> {
    this.started ??= this.open();
    return this.started;
  }

  private async open(): Promise<void> {
    const parts = this.parts;
    if (!parts) throw new Error('ClusterNode.bind was not called');
    const o = this.options;
    // Fencing runs on timers, not on replies, so a command may take its time: a timeout only stops
    // a call from hanging. Too short a one fails handled marks on a busy machine, and a mark that
    // did not land is what a crash turns into a second handling.
    const timeout = Math.max(5_000, Math.floor(o.leaseMs / 2));
    this.redis = await openRedis(o.redis, `mixin-blaze:${this.replicaId}`, timeout, this.logger, this.redisReach);
    this.acks.attach(this.redis);
    this.logger.log(`cluster mode: replica ${this.replicaId}, Redis at ${describeRedis(o.redis)}, ${o.partitions} partitions, lease ${o.leaseMs} ms`);
    this.intake = new LeaderIntake(this.redis, this.keys, {
      partitions: o.partitions,
      markTtlMs: this.markTtlMs,
      highWaterMark: this.limits.highWaterMark,
      lowWaterMark: this.limits.lowWaterMark,
      maxBufferedBytes: this.limits.maxBufferedBytes,
      pollMs: o.pollMs,
      pressure: (paused) => (paused ? parts.connection.pause() : parts.connection.resume()),
      reack: (id) => parts.acks.enqueue(id),
    }, this.logger);
    const intake = this.intake;
    this.leader = new LeaderRole(this.redis, this.keys.leader, this.holder, o, {
      lead: () => {
        intake.activate();
        parts.connection.start();
      },
      standDown: async () => {
        intake.deactivate(); // first, synchronously: nothing read from here on is queued
        await parts.connection.close();
      },
      roleChanged: (role) => parts.roleChanged(role),
    }, this.logger);
    if (o.work) {
      this.blocking = await openRedis(o.redis, `mixin-blaze:${this.replicaId}:reader`, timeout + 2000, this.logger);
      this.ledger = new EntryLedger(this.redis, this.keys, this.markTtlMs, this.logger);
      const ledger = this.ledger;
      this.acks.onMarked = (ids) => ledger.marked(ids);
      this.owner = new PartitionOwner(this.redis, this.keys, this.holder, o, this.ledger, this.logger);
      this.reader = new WorkReader(this.blocking, this.redis, this.keys, this.holder, this.owner, this.ledger, {
        room: () => o.prefetch - parts.dispatcher.stats.buffered,
        dispatch: (view) => parts.dispatcher.dispatch(view),
        again: (id) => this.acks.again(id),
      }, this.logger);
      this.owner.start();
      this.reader.start();
    }
    this.leader.start();
  }

  /** A CREATE_MESSAGE push read by the leader. */
  push(view: unknown): void {
    this.intake?.push(view);
  }

  /** Acks landed at Mixin: take their entries off the queue. */
  acked(messageIds: readonly string[]): void {
    this.acks.landed(messageIds);
    this.ledger?.acked(messageIds);
    this.reader?.room.wake();
  }

  /**
   * Mixin refused this message's ack for good. It was handled and marked so, so its entry leaves
   * the queue as an acked one does (otherwise its partition could never be handed over); a
   * redelivery then finds it handled and is acked again.
   */
  ackRefused(messageId: string): void {
    this.acked([messageId]);
  }

  /** Whether a message from the queue may still start: its partition is still ours. */
  admit(messageId: string): boolean {
    const ledger = this.ledger;
    const owner = this.owner;
    if (!ledger || !owner) return true;
    const partition = ledger.partitionOf(messageId);
    return partition === undefined || owner.holds(partition);
  }

  /** The dispatcher is done with a message (handled, skipped, dead-lettered, or not started). */
  finished(messageId: string, ran: boolean): void {
    const ledger = this.ledger;
    if (!ledger) return;
    this.reader?.room.wake();
    const acking = this.acks.takeAcking(messageId);
    if (!ledger.has(messageId) || acking) return; // settled after its ack
    if (this.stopping || !ran) ledger.left(messageId); // the partition's next owner takes it
    else ledger.dropped(messageId);
  }

  /** SIGTERM, first step: stop reading the queue, and hand the leader lease over at once. */
  async beginShutdown(): Promise<void> {
    this.stopping = true;
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await Promise.all([this.reader?.stop(), this.leader?.handOver()]);
  }

  /** Last step, after handlers drained and acks flushed: settle, release partitions, disconnect. */
  async shutdown(timeoutMs: number): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    if (this.ledger && !(await this.ledger.settled(timeoutMs))) {
      this.logger.warn(`${this.ledger.size} queue entries were not taken off Redis before shutdown; the next owner acks them again`);
    }
    this.ledger?.stop();
    await this.owner?.stop();
    for (const client of [this.blocking, this.redis]) {
      try {
        await client?.quit();
      } catch (err) {
        this.logger.debug(`Redis quit failed: ${describeThrown(err)}`);
        client?.disconnect();
      }
    }
  }

  stats(): ClusterStats {
    return {
      role: this.role,
      replicaId: this.replicaId,
      partitions: this.owner?.ownedPartitions ?? [],
      replicas: this.owner?.liveReplicas ?? 0,
      unfinished: this.role === 'leader' ? (this.intake?.load.messages ?? 0) : 0,
      held: this.ledger?.size ?? 0,
      paused: this.role === 'leader' && (this.intake?.paused ?? false),
      redisDownForMs: this.redisReach.downSince === 0 ? 0 : Date.now() - this.redisReach.downSince,
    };
  }

  // Marks must outlive a message's time in the queue; a disabled local dedupe does not disable them.
  private get markTtlMs(): number {
    return Math.max(this.limits.dedupeTtlMs, 60_000);
  }
}
