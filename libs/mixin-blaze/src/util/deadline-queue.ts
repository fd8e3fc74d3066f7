/** What `DeadlineQueue.add` returns: pass it to `remove` once the work finished in time. */
export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
  readonly lane: Lane;
}

/** The entries sharing one timeout, and their timer. */
export interface Lane {
  entries: Set<Deadline>;
  timer?: NodeJS.Timeout;
}

/**
 * Calls `expire` for every entry still there at its deadline. Entries with the same timeout
 * expire in the order they were added, so one timer per distinct timeout serves them all; a
 * `setTimeout` per handler attempt or socket request costs more than the work it guards.
 * Timers are unref'd: a deadline alone never keeps the process alive.
 */
export class DeadlineQueue {
  private readonly lanes = new Map<number, Lane>();

  add(timeoutMs: number, expire: () => void): Deadline {
    let lane = this.lanes.get(timeoutMs);
    if (!lane) this.lanes.set(timeoutMs, (lane = { entries: new Set() }));
    const entry: Deadline = { at: performance.now() + timeoutMs, expire, lane };
    lane.entries.add(entry);
    if (!lane.timer) this.arm(lane, timeoutMs);
    return entry;
  }

  remove(entry: Deadline): void {
    const lane = entry.lane;
    if (!lane.entries.delete(entry) || lane.entries.size > 0) return;
    clearTimeout(lane.timer);
    lane.timer = undefined;
  }

  /** Forgets every entry without expiring any. */
  clear(): void {
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
      lane.entries.clear();
    }
  }

  private arm(lane: Lane, delayMs: number): void {
    lane.timer = setTimeout(() => this.sweep(lane), Math.max(1, Math.ceil(delayMs)));
    lane.timer.unref();
  }

  private sweep(lane: Lane): void {
    lane.timer = undefined;
    const now = performance.now();
    for (const entry of lane.entries) {
      if (entry.at > now) return this.arm(lane, entry.at - now);
      lane.entries.delete(entry);
      try {
        entry.expire();
      } catch {
        // expire callbacks settle promises and do not throw; one that did must not stop the sweep
      }
    }
  }
}
