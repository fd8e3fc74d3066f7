/**
 * Message ids handled in the recent past: at most `capacity`, each for at most `ttlMs`.
 * A Map keeps insertion order, so the oldest entry is always first and eviction is O(1).
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  add(id: string): void {
    if (this.capacity === 0) return;
    this.seen.delete(id);
    this.seen.set(id, Date.now() + this.ttlMs);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value as string);
  }

  has(id: string): boolean {
    const expires = this.seen.get(id);
    if (expires === undefined) return false;
    if (expires >= Date.now()) return true;
    this.seen.delete(id);
    return false;
  }

  get size(): number {
    return this.seen.size;
  }
}
