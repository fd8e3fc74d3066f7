/**
 * When each message was received (`performance.now()`), until its ack lands: the start of the
 * push-to-ack histogram. Bounded: two generations of at most `capacity` ids each; when the young
 * one fills, the old one is dropped whole. A message never acked (SkipAck, `deadLetter: 'leave'`,
 * shutdown) is forgotten that way, and evicting whole maps avoids the cost of deleting a Map's
 * first keys one by one (docs/performance.md §3).
 */
export class PushTimes {
  private young = new Map<string, number>();
  private old = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  set(messageId: string, at: number): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(messageId, at);
  }

  /** The receive time of `messageId`, forgotten from now on; undefined when unknown. */
  take(messageId: string): number | undefined {
    const at = this.young.get(messageId);
    if (at !== undefined) {
      this.young.delete(messageId);
      return at;
    }
    const older = this.old.get(messageId);
    if (older !== undefined) this.old.delete(messageId);
    return older;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
