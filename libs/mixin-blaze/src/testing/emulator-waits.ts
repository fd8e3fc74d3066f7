import type { AckRecord } from './emulator-types.js';
import type { EmulatorStore, StoreEvents } from './emulator-store.js';

/**
 * Resolves once `check` returns something other than undefined, re-checking after each of
 * `events` (and every `pollMs` when given); rejects after `timeoutMs` (or when the emulator closes) naming `what`.
 */
export function waitUntil<T>(
  store: EmulatorStore,
  events: (keyof StoreEvents)[],
  check: (event?: unknown) => T | undefined,
  timeoutMs: number,
  what: string | (() => string),
  pollMs = 0,
): Promise<T> {
  const first = check();
  if (first !== undefined) return Promise.resolve(first);
  const describe = () => (typeof what === 'function' ? what() : what);
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      for (const e of events) store.off(e, onEvent);
      store.off('closed', onClosed);
    };
    const onEvent = (event?: unknown) => {
      let value: T | undefined;
      try {
        value = check(event);
      } catch (err) {
        cleanup();
        reject(err);
        return;
      }
      if (value !== undefined) {
        cleanup();
        resolve(value);
      }
    };
    const onClosed = () => {
      cleanup();
      reject(new Error(`BlazeEmulator closed while waiting for ${describe()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`BlazeEmulator: timed out after ${timeoutMs} ms waiting for ${describe()}`));
    }, timeoutMs);
    // Polling covers conditions on state outside the emulator (e.g. the client's own state).
    const poll = pollMs > 0 ? setInterval(() => onEvent(), pollMs) : undefined;
    for (const e of events) store.on(e, onEvent);
    store.on('closed', onClosed);
  });
}

/** Waits until every id is acked; O(1) per ack so it copes with 100k-message backlogs. */
export function waitForAllAcked(store: EmulatorStore, ids: Iterable<string>, timeoutMs: number): Promise<void> {
  const remaining = new Set<string>();
  for (const id of ids) if (!store.isAcked(id)) remaining.add(id);
  const missing = () => {
    const sample = [...remaining].slice(0, 5).join(', ');
    return `acks of ${remaining.size} message(s) (still missing: ${sample}${remaining.size > 5 ? ', ...' : ''})`;
  };
  return waitUntil(
    store,
    ['ack'],
    (event) => {
      if (event) remaining.delete((event as AckRecord).messageId);
      return remaining.size === 0 ? true : undefined;
    },
    timeoutMs,
    missing,
  ).then(() => undefined);
}
