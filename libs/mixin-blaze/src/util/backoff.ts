/** Exponential backoff settings shared by reconnects, ack retries and handler retries. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
}

/**
 * The delay before retry number `attempt` (0-based): capped exponential with ±20% jitter, so that
 * many clients failing together do not retry in step.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.min(attempt, 64));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** A backoff that remembers how many attempts failed in a row. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly policy: BackoffPolicy) {}

  /** The delay before the next attempt; each call grows it until the cap. */
  next(): number {
    return backoffDelay(this.policy, this.attempt++);
  }

  /** Forget past failures (after a success). */
  reset(): void {
    this.attempt = 0;
  }
}
