import { DeadlineQueue, type Deadline } from '../util/deadline-queue.js';
import { BlazeConnectionError, BlazeRequestError } from './blaze-errors.js';
import type { BlazeFrame } from './frame-codec.js';

interface Pending {
  action: string;
  resolve: (frame: BlazeFrame) => void;
  reject: (error: Error) => void;
  deadline: Deadline;
  timeoutMs: number;
}

/**
 * Matches server replies to socket requests by `id`, each with a timeout. The timeouts share
 * timers (see DeadlineQueue): socket acks put thousands of requests in flight at once.
 */
export class RequestTracker {
  private readonly pending = new Map<string, Pending>();
  // Requests that timed out: their replies may still come, and must not be taken for pushes.
  private readonly expired = new Set<string>();
  private readonly deadlines = new DeadlineQueue();

  /** Registers a request id; the promise settles on its reply, its timeout, or `failAll`. */
  track(id: string, action: string, timeoutMs: number): Promise<BlazeFrame> {
    return new Promise<BlazeFrame>((resolve, reject) => {
      const deadline = this.deadlines.add(timeoutMs, () => {
        this.pending.delete(id);
        this.expire(id);
        reject(new BlazeConnectionError(`no reply to ${action} within ${timeoutMs} ms`, 'timeout'));
      });
      this.pending.set(id, { action, resolve, reject, deadline, timeoutMs });
    });
  }

  /** Settles the request this frame answers. Returns false when the frame answers nothing we sent. */
  settle(frame: BlazeFrame): boolean {
    const entry = this.pending.get(frame.id);
    if (!entry) return this.expired.delete(frame.id); // a late reply: consumed, not a push
    this.pending.delete(frame.id);
    this.deadlines.remove(entry.deadline, entry.timeoutMs);
    if (frame.error) entry.reject(new BlazeRequestError(entry.action, frame.error));
    else entry.resolve(frame);
    return true;
  }

  /** Rejects every outstanding request (the socket closed: no reply can come any more). */
  failAll(reason: string): void {
    this.deadlines.clear();
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(new BlazeConnectionError(`${entry.action} interrupted: ${reason}`, 'closed'));
    }
  }

  get size(): number {
    return this.pending.size;
  }

  private expire(id: string): void {
    this.expired.add(id);
    if (this.expired.size > 10_000) this.expired.delete(this.expired.values().next().value as string);
  }
}
