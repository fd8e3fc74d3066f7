/** What `DeadlineQueue.add` returns: pass it to `remove` once the work finished in time. */
export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
  readonly bucket: TimeoutBucket;
}

/** The entries sharing one timeout, and their timer. */
export interface TimeoutBucket {
  entries: Set<Deadline>;
  timer?: NodeJS.Timeout;
}

/**
 * Calls `expire` for every entry still there at its deadline. Entries with the same timeout
 * expire in the order they were added, so one timer per distinct timeout serves them all; a
 * `setTimeout` per handler attempt or socket request costs more than the work it guards
 * (docs/performance.md §3).
 * Timers are unref'd: a deadline alone never keeps the process alive.
 */
export class DeadlineQueue {
  private readonly buckets = new Map<number, TimeoutBucket>();

  add(timeoutMs: number, expire: () => void): Deadline {
    let bucket = this.buckets.get(timeoutMs);
    if (!bucket) this.buckets.set(timeoutMs, (bucket = { entries: new Set() }));
    const entry: Deadline = { at: performance.now() + timeoutMs, expire, bucket };
    bucket.entries.add(entry);
    if (!bucket.timer) this.arm(bucket, timeoutMs);
    return entry;
  }

  remove(entry: Deadline): void {
    const bucket = entry.bucket;
    if (!bucket.entries.delete(entry) || bucket.entries.size > 0) return;
    clearTimeout(bucket.timer);
    bucket.timer = undefined;
  }

  /** Forgets every entry without expiring any. */
  clear(): void {
    for (const bucket of this.buckets.values()) {
      clearTimeout(bucket.timer);
      bucket.timer = undefined;
      bucket.entries.clear();
    }
  }

  private arm(bucket: TimeoutBucket, delayMs: number): void {
    bucket.timer = setTimeout(() => this.sweep(bucket), Math.max(1, Math.ceil(delayMs)));
    bucket.timer.unref();
  }

  private sweep(bucket: TimeoutBucket): void {
    bucket.timer = undefined;
    const now = performance.now();
    for (const entry of bucket.entries) {
      if (entry.at > now) return this.arm(bucket, entry.at - now);
      bucket.entries.delete(entry);
      try {
        entry.expire();
      } catch {
        // expire callbacks settle promises and do not throw; one that did must not stop the sweep
      }
    }
  }
}
