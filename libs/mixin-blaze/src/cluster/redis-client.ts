import { createHash } from 'node:crypto';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown, redactUrl } from '../util/log-safe.js';
import { BlazeOptionsError } from '../options/blaze-options.error.js';
import { loadOptionalPeer } from '../options/optional-peer.js';
import type { RedisConnectionOptions } from './cluster-options.js';

/** The part of an ioredis client this module uses; typed here so ioredis stays an optional peer. */
export interface RedisClient {
  status: string;
  call(command: string, ...args: (string | number | Buffer)[]): Promise<unknown>;
  on(event: 'error' | 'ready' | 'close' | 'end', listener: (err?: Error) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

type RedisConstructor = new (...args: unknown[]) => RedisClient;

/** Loads ioredis on first use, so that apps without `cluster` never need it. */
async function loadRedis(): Promise<RedisConstructor> {
  const mod = (await loadOptionalPeer(() => import('ioredis'), 'cluster', 'ioredis')) as unknown as Record<string, unknown>;
  const fromDefault = mod.default as Record<string, unknown> | RedisConstructor | undefined;
  const ctor = mod.Redis ?? (typeof fromDefault === 'function' ? fromDefault : fromDefault?.Redis);
  if (typeof ctor !== 'function') throw new BlazeOptionsError('cluster', 'needs ioredis 5 or later: this ioredis exports no Redis class');
  return ctor as RedisConstructor;
}

/** Where a connection goes, for logs: never the password. */
export function describeRedis(redis: string | RedisConnectionOptions): string {
  if (typeof redis === 'string') return redactUrl(redis);
  return `${String(redis.host ?? '127.0.0.1')}:${String(redis.port ?? 6379)}`;
}

/** Kept up to date by `openRedis`: when the connection went down, 0 while it is up. */
export interface RedisReachability {
  downSince: number;
}

/**
 * Opens one ioredis connection. Commands fail after `commandTimeoutMs` instead of waiting in the
 * offline queue for a Redis that is down, so that callers decide (the lease fences, acks retry).
 * Connection errors are logged once per outage, never with credentials; `reach` says since when
 * the connection is down.
 */
export async function openRedis(
  target: string | RedisConnectionOptions,
  name: string,
  commandTimeoutMs: number,
  logger: EngineLogger,
  reach: RedisReachability = { downSince: 0 },
): Promise<RedisClient> {
  const Redis = await loadRedis();
  const base = {
    connectionName: name,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    // Reconnect quickly and forever: the cluster resumes by itself when Redis is back.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  };
  const client = typeof target === 'string' ? new Redis(target, base) : new Redis({ ...target, ...base });
  let warned = false;
  const where = describeRedis(target);
  client.on('error', (err) => {
    reach.downSince ||= Date.now();
    if (warned) return;
    warned = true;
    logger.warn(`Redis at ${where} is unreachable (${describeThrown(err)}); retrying`);
  });
  // A close says nothing new to log (quit closes too), but the connection is down from then.
  client.on('close', () => (reach.downSince ||= Date.now()));
  client.on('ready', () => {
    if (warned) logger.log(`Redis at ${where} is reachable again`);
    warned = false;
    reach.downSince = 0;
  });
  return client;
}

/** A Lua script run by EVALSHA, loaded with EVAL when Redis does not know it (first use, or after a restart). */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.call('EVALSHA', this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.call('EVAL', this.lua, keys.length, ...keys, ...args);
    }
  }
}
