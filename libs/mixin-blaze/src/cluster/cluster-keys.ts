/**
 * Every Redis key of one bot session. The `{app:session}` hash tag puts them all in one slot, so
 * the multi-key scripts also run on a sharded Redis Cluster.
 */
export class ClusterKeys {
  private readonly base: string;
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
    return `${this.base}:p:${p}`;
  }
  /** Partition `p`'s lease: holds the owning replica's id. */
  partitionLease(p: number): string {
    return `${this.base}:pl:${p}`;
  }
  /** Set once a message was handled (cluster-wide dedupe), with a TTL. */
  handled(messageId: string): string {
    return `${this.base}:h:${messageId}`;
  }
  /** Set while a message is queued or being handled, so a redelivery is not queued twice. */
  queued(messageId: string): string {
    return `${this.base}:q:${messageId}`;
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
