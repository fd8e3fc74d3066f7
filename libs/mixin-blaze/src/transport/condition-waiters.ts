/** Promises that resolve once a condition holds, checked again on every `wake()`, each with a deadline. */
export class ConditionWaiters {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly holds: () => boolean) {}

  /** Resolves at once if the condition holds; otherwise on the first `wake()` that finds it holding. */
  wait(timeoutMs: number, timeoutError: () => Error): Promise<void> {
    if (this.holds()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (!this.holds()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(timeoutError());
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
