/**
 * Message ids handled in the recent past: at most `capacity`, each for at most `ttlMs`.
 *
 * The ids sit in a queue in the order they were added, so the oldest is evicted in O(1). A Map
 * alone cannot do that: taking its first key after many deletes walks every deleted slot V8
 * keeps until the next rehash, which made eviction the dispatcher's single largest cost
 * (docs/performance.md §3).
 */
export class RecentIds {
  /** id → sequence number of its newest entry in the queue. */
  private readonly seen = new Map<string, number>();
  // The queue, as parallel arrays from `head`; entry i has sequence number `base + i`.
  private ids: string[] = [];
  private expiries: number[] = [];
  private head = 0;
  private base = 0;

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  add(id: string): void {
    if (this.capacity === 0) return;
    const now = Date.now();
    this.seen.set(id, this.base + this.ids.length);
    this.ids.push(id);
    this.expiries.push(now + this.ttlMs);
    while (this.seen.size > this.capacity || (this.head < this.ids.length && this.expiries[this.head] < now)) this.evictOldest();
    if (this.head > 1024 && this.head * 2 > this.ids.length) this.compact();
  }

  has(id: string): boolean {
    const seq = this.seen.get(id);
    if (seq === undefined) return false;
    if (this.expiries[seq - this.base] >= Date.now()) return true;
    this.seen.delete(id);
    return false;
  }

  get size(): number {
    return this.seen.size;
  }

  private evictOldest(): void {
    const id = this.ids[this.head];
    // An id added again has a newer entry; this older one only leaves the queue.
    if (this.seen.get(id) === this.base + this.head) this.seen.delete(id);
    this.head++;
  }

  private compact(): void {
    this.ids = this.ids.slice(this.head);
    this.expiries = this.expiries.slice(this.head);
    this.base += this.head;
    this.head = 0;
  }
}
