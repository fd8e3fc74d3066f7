/** Capped exponential backoff with ±20% jitter, so that many bots do not reconnect in step. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly policy: { initialDelayMs: number; maxDelayMs: number; multiplier: number }) {}

  /** The delay before the next attempt; each call grows it until the cap. */
  next(): number {
    const base = Math.min(
      this.policy.maxDelayMs,
      this.policy.initialDelayMs * this.policy.multiplier ** Math.min(this.attempt, 64),
    );
    this.attempt++;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  /** Forget past failures (after a success). */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
