import { DeadlineQueue, type Deadline } from '../util/deadline-queue.js';
import { BlazeConnectionError } from './blaze-connection.error.js';
import { BlazeRequestError } from './blaze-request.error.js';
import type { BlazeFrame } from './frame-codec.js';

/** Requests sent together, answered together: one promise and one deadline for all of them. */
interface Group {
  action: string;
  ids: string[];
  remaining: number;
  settled: boolean;
  resolve: (frame: BlazeFrame) => void;
  reject: (error: Error) => void;
  deadline?: Deadline;
  timeoutMs: number;
}

/**
 * Matches server replies to socket requests by `id`, with a timeout. Requests sent together
 * (a batch of socket acks) share one promise and one deadline: a hundred acks in flight cost a
 * map entry each, not a promise and a timer each (docs/performance.md §4).
 */
export class RequestTracker {
  private readonly pending = new Map<string, Group>();
  // Requests that timed out: their replies may still come, and must not be taken for pushes.
  private readonly expired = new Set<string>();
  private readonly deadlines = new DeadlineQueue();

  /** Registers a request id; the promise settles on its reply, its timeout, or `failAll`. */
  track(id: string, action: string, timeoutMs: number): Promise<BlazeFrame> {
    return this.group([id], action, timeoutMs);
  }

  /**
   * Registers requests sent together: resolves once every one got a reply without `error`;
   * rejects on the first error, the timeout, or `failAll`.
   */
  trackAll(ids: string[], action: string, timeoutMs: number): Promise<void> {
    return this.group(ids, action, timeoutMs).then(() => undefined);
  }

  /** Settles the request this frame answers. Returns false when the frame answers nothing we sent. */
  settle(frame: BlazeFrame): boolean {
    const group = this.pending.get(frame.id);
    if (!group) return this.expired.delete(frame.id); // a late reply: consumed, not a push
    this.pending.delete(frame.id);
    if (group.settled) return true; // its group already failed
    if (frame.error) {
      this.finish(group);
      group.reject(new BlazeRequestError(group.action, frame.error));
    } else if (--group.remaining === 0) {
      this.finish(group);
      group.resolve(frame);
    }
    return true;
  }

  /** Rejects every outstanding request (the socket closed: no reply can come any more). */
  failAll(reason: string): void {
    this.deadlines.clear();
    const groups = new Set(this.pending.values());
    this.pending.clear();
    for (const group of groups) {
      if (group.settled) continue;
      group.settled = true;
      group.reject(new BlazeConnectionError(`${group.action} interrupted: ${reason}`, 'closed'));
    }
  }

  /** Requests sent and not yet answered. */
  get size(): number {
    return this.pending.size;
  }

  private group(ids: string[], action: string, timeoutMs: number): Promise<BlazeFrame> {
    return new Promise<BlazeFrame>((resolve, reject) => {
      const group: Group = { action, ids, remaining: ids.length, settled: false, resolve, reject, timeoutMs };
      for (const id of ids) this.pending.set(id, group);
      group.deadline = this.deadlines.add(timeoutMs, () => this.timeOut(group));
    });
  }

  private finish(group: Group): void {
    group.settled = true;
    if (group.deadline) this.deadlines.remove(group.deadline);
  }

  private timeOut(group: Group): void {
    group.settled = true;
    for (const id of group.ids) {
      if (this.pending.get(id) !== group) continue;
      this.pending.delete(id);
      this.expire(id);
    }
    group.reject(new BlazeConnectionError(`no reply to ${group.action} within ${group.timeoutMs} ms`, 'timeout'));
  }

  private expire(id: string): void {
    this.expired.add(id);
    if (this.expired.size > 10_000) this.expired.delete(this.expired.values().next().value as string);
  }
}
