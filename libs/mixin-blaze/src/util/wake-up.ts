import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The one way this library waits for something to happen within a deadline: `woken(wakeUp.signal,
 * timeoutMs)`, timers/promises' sleep ended early by an AbortSignal that `wake()` aborts. The
 * signal is made when someone asks for it, so a `wake()` nobody waits for costs a field check.
 */
export class WakeUp {
  private controller?: AbortController;

  /** Aborted by the next `wake()`. */
  get signal(): AbortSignal {
    this.controller ??= sharedAbortController();
    return this.controller.signal;
  }

  /** True when someone took the signal since the last `wake()`. */
  get awaited(): boolean {
    return this.controller !== undefined;
  }

  /** Ends every wait on the current signal; the next wait gets a fresh one. */
  wake(): void {
    const controller = this.controller;
    if (!controller) return;
    this.controller = undefined;
    controller.abort();
  }
}

/**
 * An AbortController whose signal any number of waits may share (every send waiting for the
 * socket, every retry backing off). Each `woken` removes its listener when it ends, so Node's leak
 * warning at 10 listeners would be a false alarm.
 */
export function sharedAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Resolves true once `signal` aborts (at once if it has), false if `timeoutMs` passes first. */
export async function woken(signal: AbortSignal, timeoutMs: number): Promise<boolean> {
  try {
    await sleep(timeoutMs, undefined, { signal });
    return false;
  } catch {
    return true;
  }
}
