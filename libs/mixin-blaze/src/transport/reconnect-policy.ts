import { Backoff, type BackoffPolicy } from '../util/backoff.js';

/** Why reconnects are slow now: the server refused our token, or this client's version. */
export type SlowRetryReason = 'unauthorized' | 'update-required';

/** Settings of {@link ReconnectPolicy}. */
export interface ReconnectPolicyConfig {
  reconnect: BackoffPolicy;
  /** The delay between attempts while the server refuses us (401, 10006). */
  slowRetryMs: number;
  /** How long a serving connection must stay open to count as healthy. */
  healthyAfterMs: number;
}

/**
 * When to connect again. The backoff grows with every connection that ends without having proved
 * healthy and resets only after one that did. A connection is healthy once it is serving (the
 * server answered its LIST_PENDING_MESSAGES, or listing was deferred by back-pressure) and then
 * stayed open for `healthyAfterMs` (one keepalive period). An open alone proves nothing: a server
 * that accepts and then drops us, closes with 1008 or 4001, or sends a frame we cannot take, would
 * otherwise be reconnected to at the initial delay forever. The official SDKs reconnect with no
 * delay at all (docs/protocol.md §2.4); §8 there recommends capped exponential backoff with jitter.
 */
export class ReconnectPolicy {
  private readonly backoff: Backoff;
  private slow?: SlowRetryReason;
  private servingSince?: number;

  constructor(
    private readonly config: ReconnectPolicyConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.backoff = new Backoff(config.reconnect);
  }

  /** Set while the server refuses us; cleared by the next accepted upgrade. */
  get slowReason(): SlowRetryReason | undefined {
    return this.slow;
  }

  /** A socket opened: the server took our token (an ERROR frame may still refuse it). */
  opened(): void {
    this.slow = undefined;
    this.servingSince = undefined;
  }

  /** The connection is serving: LIST_PENDING_MESSAGES was answered, or deferred on purpose. */
  serving(): void {
    this.servingSince ??= this.now();
  }

  /** The server refused us: retry only every `slowRetryMs` until an upgrade is accepted. */
  refuse(reason: SlowRetryReason): void {
    this.slow = reason;
  }

  /**
   * The connection (or the attempt) ended: returns the delay before the next attempt. A
   * `deliberate` close (we replaced a healthy socket ourselves) goes again at once.
   */
  closed(deliberate = false): number {
    if (this.servingSince !== undefined && this.now() - this.servingSince >= this.config.healthyAfterMs) this.backoff.reset();
    this.servingSince = undefined;
    if (this.slow) return this.config.slowRetryMs;
    return deliberate ? 0 : this.backoff.next();
  }
}
