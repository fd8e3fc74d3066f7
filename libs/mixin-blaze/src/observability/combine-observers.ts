import type { BlazeObserver } from '../util/blaze-observer.js';

/** One observer for the engine: none, the only one, or each of them in turn (metrics first, then traces). */
export function combineObservers(observers: BlazeObserver[]): BlazeObserver | undefined {
  if (observers.length <= 1) return observers[0];
  const handling = observers.find((o) => o.handling);
  return {
    received: (id, category) => observers.forEach((o) => o.received(id, category)),
    unhandled: (category) => observers.forEach((o) => o.unhandled(category)),
    attempted: (id, category, result, ms, error) => observers.forEach((o) => o.attempted(id, category, result, ms, error)),
    retrying: (id, category) => observers.forEach((o) => o.retrying(id, category)),
    deadLettered: (id, category, kind) => observers.forEach((o) => o.deadLettered(id, category, kind)),
    acked: (ids) => observers.forEach((o) => o.acked(ids)),
    reconnecting: () => observers.forEach((o) => o.reconnecting()),
    ...(handling ? { handling: handling.handling!.bind(handling) } : {}),
  };
}
