/**
 * Every Redis key of one bot session. The `{app:session}` hash tag puts them all in one slot, so
 * the multi-key scripts also run on a sharded Redis Cluster.
 */
export class ClusterKeys {
  private readonly base: string;
  // Asked for on every message: built once per partition.
  private readonly streams: string[] = [];
  private readonly leases: string[] = [];
  /** The consumer group every partition stream has. */
  readonly group = 'workers';

  constructor(prefix: string, appId: string, sessionId: string) {
    this.base = `${prefix}:{${appId}:${sessionId}}`;
  }

  /** The leader's lease: holds the leader's replica id. */
  get leader(): string {
    return `${this.base}:leader`;
  }
  /** Live replicas that work: sorted set, score = heartbeat expiry (ms). */
  get workers(): string {
    return `${this.base}:workers`;
  }
  /** Unfinished work of the whole cluster: hash with `n` (messages) and `b` (weight in bytes). */
  get load(): string {
    return `${this.base}:load`;
  }
  /** Partition `p`'s stream of messages. */
  stream(p: number): string {
    return (this.streams[p] ??= `${this.base}:p:${p}`);
  }
  /** Partition `p`'s lease: holds the owning replica's id. */
  partitionLease(p: number): string {
    return (this.leases[p] ??= `${this.base}:pl:${p}`);
  }
  /**
   * A message's state, with a TTL: `q` while it is queued or being handled (a redelivery is not
   * queued twice), `h` once it was handled (cluster-wide dedupe: a redelivery is acked again).
   */
  message(messageId: string): string {
    return `${this.base}:m:${messageId}`;
  }
}

/** FNV-1a: a stable, cheap hash, so one conversation always lands in the same partition. */
export function partitionOf(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}
