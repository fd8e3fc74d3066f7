import { BlazeOptionsError } from '../options/blaze-options.error.js';

/** Redis connection options as ioredis takes them (host, port, password, tls, db, …). */
export type RedisConnectionOptions = Record<string, unknown>;

/**
 * Cluster mode (`forRoot({ cluster })`): replicas of one bot coordinate through Redis, so that only
 * one of them holds the Blaze socket and all of them run handlers. See README, "Run it in production".
 */
export interface ClusterOptions {
  /** `redis://` / `rediss://` URL (plaintext `redis://` only for loopback hosts), or ioredis options. */
  redis: string | RedisConnectionOptions;
  /**
   * How long the leader's lease (and each partition's lease) lasts without renewal. A standby takes
   * over at most this long after the leader died. Default 10 000 ms.
   */
  leaseMs?: number;
  /** Partitions of the work queue; a conversation always maps to the same one. Default 16. */
  partitions?: number;
  /** Whether this replica runs handlers. Default true; false makes it a pure reader/standby. */
  work?: boolean;
  /** Messages a replica takes from Redis ahead of its running handlers. Default 2 × `concurrency`. */
  prefetch?: number;
  /** Prefix of every Redis key. Default `mixin-blaze`; the bot's app id and session id follow it. */
  keyPrefix?: string;
  /** This replica's name in logs and Redis. Default: host name, pid and a random suffix. */
  replicaId?: string;
}

/** Cluster options after defaults and checks. */
export interface ResolvedClusterOptions {
  redis: string | RedisConnectionOptions;
  leaseMs: number;
  /** Renewal period: a quarter of the lease, so three renewals may fail before the fence. */
  renewMs: number;
  /** A lease holder stops this long before its lease could expire in Redis: fencing. */
  fenceMarginMs: number;
  /** How often a standby tries to take a free lease. */
  pollMs: number;
  partitions: number;
  work: boolean;
  prefetch: number;
  keyPrefix: string;
  replicaId?: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Applies defaults and checks `cluster`; throws `BlazeOptionsError` naming the field, never its value. */
export function resolveClusterOptions(input: unknown, concurrency: number): ResolvedClusterOptions | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new BlazeOptionsError('cluster', 'must be an object with a redis URL or options');
  const c = input as Partial<ClusterOptions>;
  const redis = checkRedis(c.redis);
  const leaseMs = checkInt('cluster.leaseMs', c.leaseMs ?? 10_000, 500, 600_000);
  const partitions = checkInt('cluster.partitions', c.partitions ?? 16, 1, 1024);
  const prefetch = checkInt('cluster.prefetch', c.prefetch ?? Math.max(2, 2 * concurrency), 1, 100_000);
  if (c.work !== undefined && typeof c.work !== 'boolean') throw new BlazeOptionsError('cluster.work', 'must be a boolean');
  const keyPrefix = c.keyPrefix ?? 'mixin-blaze';
  if (typeof keyPrefix !== 'string' || !/^[\w.:-]{1,64}$/.test(keyPrefix)) throw new BlazeOptionsError('cluster.keyPrefix', 'must be 1–64 letters, digits, or . _ : -');
  if (c.replicaId !== undefined && (typeof c.replicaId !== 'string' || !/^[\w.:-]{1,100}$/.test(c.replicaId))) {
    throw new BlazeOptionsError('cluster.replicaId', 'must be 1–100 letters, digits, or . _ : -');
  }
  return {
    redis,
    leaseMs,
    renewMs: Math.floor(leaseMs / 4),
    fenceMarginMs: Math.max(200, Math.floor(leaseMs / 5)),
    pollMs: Math.max(100, Math.min(1000, Math.floor(leaseMs / 10))),
    partitions,
    work: c.work ?? true,
    prefetch,
    keyPrefix,
    replicaId: c.replicaId,
  };
}

function checkRedis(redis: unknown): string | RedisConnectionOptions {
  if (typeof redis === 'object' && redis !== null && !Array.isArray(redis)) {
    const o = redis as RedisConnectionOptions;
    if (o.tls === undefined && typeof o.host === 'string' && !LOOPBACK.test(o.host)) {
      throw new BlazeOptionsError('cluster.redis', 'connects in plaintext to a host that is not loopback; set tls');
    }
    return o;
  }
  if (typeof redis !== 'string') throw new BlazeOptionsError('cluster.redis', 'is required: a redis:// or rediss:// URL, or ioredis options');
  let url: URL;
  try {
    url = new URL(redis);
  } catch {
    throw new BlazeOptionsError('cluster.redis', 'is not a valid URL');
  }
  if (url.protocol === 'rediss:') return redis;
  if (url.protocol !== 'redis:') throw new BlazeOptionsError('cluster.redis', 'must be a redis:// or rediss:// URL');
  if (!LOOPBACK.test(url.hostname)) throw new BlazeOptionsError('cluster.redis', 'uses plaintext redis:// to a host that is not loopback; use rediss://');
  return redis;
}

function checkInt(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BlazeOptionsError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}
