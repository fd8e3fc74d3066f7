import { Backoff } from '../util/backoff.js';
import type { EngineLogger } from '../util/engine-logger.js';
import { describeThrown, logSafe } from '../util/log-safe.js';
import { isUuid } from '../util/uuid.js';
import { WakeUp, woken } from '../util/wake-up.js';
import type { ClusterKeys } from './cluster-keys.js';
import { SCRIPTS } from './cluster-scripts.js';
import type { EntryLedger } from './entry-ledger.js';
import type { PartitionOwner } from './partition-owner.js';
import type { RedisClient } from './redis-client.js';

/** Where the entries go. */
export interface ReaderSink {
  /** Room for more messages in this replica (prefetch minus unfinished). */
  room(): number;
  /** A message to handle (a CREATE_MESSAGE `data` object). */
  dispatch(view: Record<string, unknown>): void;
  /** A reclaimed entry Redis says was handled already: ack it again. */
  again(messageId: string): void;
}

const BLOCK_MS = 1000;
const CLAIM_COUNT = 100;

type Entry = [id: string, fields: string[]];

/**
 * A worker's read loop: claims what a partition's previous owner left pending (in order, before
 * anything new of that partition), then reads new entries of every partition it owns with one
 * blocking XREADGROUP, as far as its prefetch allows.
 */
export class WorkReader {
  private running = false;
  private readonly backoff = new Backoff({ initialDelayMs: 50, maxDelayMs: 1000, multiplier: 2 });
  /** Woken when a message finishes, so a full reader looks again. */
  readonly room = new WakeUp();
  private loop?: Promise<void>;
  /** Partitions in the XREADGROUP now in flight. */
  private inFlight: number[] = [];

  constructor(
    /** A connection of its own: XREADGROUP BLOCK holds it. */
    private readonly blocking: RedisClient,
    private readonly redis: RedisClient,
    private readonly keys: ClusterKeys,
    private readonly replicaId: string,
    private readonly owner: PartitionOwner,
    private readonly ledger: EntryLedger,
    private readonly sink: ReaderSink,
    private readonly logger: EngineLogger,
  ) {}

  start(): void {
    this.owner.reading = (p) => this.inFlight.includes(p);
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops reading; resolves once the read in flight (at most one blocking second) ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.room.wake();
    this.owner.changed.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.step();
        this.backoff.reset();
      } catch (err) {
        if (!this.running) break;
        const message = describeThrown(err);
        if (message.includes('NOGROUP')) this.logger.warn('the work queue is gone from Redis (restarted?); recreating it');
        else this.logger.debug(`reading the work queue failed: ${message}`);
        // A read that timed out here may still have been served by Redis, leaving entries pending
        // to us that we never saw; claiming again (our own included) takes them, and recreates
        // the groups if Redis lost them.
        this.owner.forgetClaims();
        await woken(this.owner.changed.signal, this.backoff.next());
      }
    }
  }

  private async step(): Promise<void> {
    const room = this.sink.room();
    if (room <= 0) {
      await woken(this.room.signal, 200);
      return;
    }
    for (const p of this.owner.toClaim()) {
      await this.claim(p);
      this.owner.claimed(p);
    }
    const partitions = this.owner.readable();
    if (partitions.length === 0) {
      await woken(this.owner.changed.signal, 500);
      return;
    }
    const per = Math.max(1, Math.ceil(room / partitions.length));
    const streams = partitions.map((p) => this.keys.stream(p));
    this.inFlight = partitions;
    try {
      const reply = (await this.blocking.call(
        'XREADGROUP', 'GROUP', this.keys.group, this.replicaId, 'COUNT', per, 'BLOCK', BLOCK_MS,
        'STREAMS', ...streams, ...streams.map(() => '>'),
      )) as [string, Entry[]][] | null;
      for (const [stream, entries] of reply ?? []) {
        const p = partitions[streams.indexOf(stream)];
        if (p === undefined) continue;
        for (const entry of entries) this.take(p, entry, false);
      }
    } finally {
      this.inFlight = [];
    }
  }

  /** Claims every entry left pending in partition `p` and takes them in order. */
  private async claim(p: number): Promise<void> {
    const stream = this.keys.stream(p);
    try {
      await this.redis.call('XGROUP', 'CREATE', stream, this.keys.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!describeThrown(err).includes('BUSYGROUP')) throw err;
    }
    let cursor = '0-0';
    let claimed = 0;
    do {
      const [next, entries] = (await this.redis.call('XAUTOCLAIM', stream, this.keys.group, this.replicaId, 0, cursor, 'COUNT', CLAIM_COUNT)) as [string, (Entry | null)[]];
      cursor = next;
      const live = entries.filter((e): e is Entry => Array.isArray(e) && Array.isArray(e[1]));
      if (live.length === 0) continue;
      claimed += live.length;
      const ids = live.map((e) => field(e[1], 'i') ?? '');
      const states = (await this.redis.call('MGET', ...ids.map((id) => this.keys.message(id)))) as (string | null)[];
      live.forEach((entry, i) => this.take(p, entry, states[i] === 'h'));
    } while (cursor !== '0-0' && this.running);
    await SCRIPTS.prune.run(this.redis, [stream], [this.keys.group, this.replicaId]);
    if (claimed > 0) this.logger.log(`replica ${this.replicaId} took over ${claimed} unfinished messages of partition ${p}`);
  }

  private take(partition: number, [entryId, fields]: Entry, handledAlready: boolean): void {
    if (this.ledger.holdsEntry(partition, entryId)) return; // claimed again after a failed read: already ours
    const messageId = field(fields, 'i');
    const weight = Number(field(fields, 'w')) || 1024;
    if (!isUuid(messageId)) {
      // Only a leader of this library writes entries; anything else in the stream is dropped.
      this.logger.error(`dropped a work-queue entry ${logSafe(entryId, 40)} of partition ${partition} without a message id`);
      this.ledger.track({ messageId: `bad:${entryId}`, partition, entryId, weight });
      this.ledger.dropped(`bad:${entryId}`);
      return;
    }
    this.ledger.track({ messageId, partition, entryId, weight });
    if (handledAlready) return this.sink.again(messageId);
    let view: unknown;
    try {
      view = JSON.parse(field(fields, 'm') ?? '');
    } catch {
      view = undefined;
    }
    if (typeof view !== 'object' || view === null) {
      this.logger.error(`dropped work-queue entry of message ${messageId}: its body is not a JSON object; not acknowledged`);
      this.ledger.dropped(messageId);
      return;
    }
    this.sink.dispatch(view as Record<string, unknown>);
  }
}

/** The value of `name` in a stream entry's flat field list. */
function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
