import type { BlazeObserver, ObservedAttempt } from '../util/blaze-observer.js';
import type { AttemptOutcome } from './handler-attempt.js';
import { SkipAck } from './skip-ack.js';

/** Tells the observer how an attempt that began at `startedAt` (`performance.now()`) ended. */
export function observeAttempt(observer: BlazeObserver, messageId: string, category: string, outcome: AttemptOutcome, startedAt: number): void {
  const durationMs = performance.now() - startedAt;
  let result: ObservedAttempt;
  if (outcome.kind === 'resolved') result = outcome.value instanceof SkipAck ? 'skipped' : 'ok';
  else result = outcome.kind;
  observer.attempted(messageId, category, result, durationMs, outcome.kind === 'failed' ? outcome.error : undefined);
}
