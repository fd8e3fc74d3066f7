import type { BlazeMessage } from '../messages/blaze-message.dto.js';
import { BlazeContext } from './blaze-context.js';
import type { MessageHandler } from './handler-registry.js';
import { HandlerTimeoutError } from './handler-timeout.error.js';
import type { Deadline, DeadlineQueue } from '../util/deadline-queue.js';

/** How one attempt ended. */
export type AttemptOutcome =
  | { kind: 'resolved'; value: unknown }
  | { kind: 'refused' }
  | { kind: 'failed'; error: unknown };

/**
 * Runs a handler once, with its timeout. Never rejects: errors (including non-Error values and
 * late rejections of a timed-out handler) become outcomes, so none can escape as unhandled.
 */
export function runAttempt(
  handler: MessageHandler,
  message: BlazeMessage,
  raw: Record<string, unknown>,
  attempt: number,
  acknowledge: (messageId: string) => Promise<void>,
  running: Set<BlazeContext>,
  deadlines: DeadlineQueue,
): Promise<AttemptOutcome> {
  const context = new BlazeContext(message, raw, attempt, acknowledge);
  running.add(context);
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    let deadline: Deadline | undefined;
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return; // a timed-out handler may still settle later; that is not news
      settled = true;
      if (deadline) deadlines.remove(deadline);
      running.delete(context);
      resolve(outcome);
    };
    if (handler.timeoutMs > 0) {
      deadline = deadlines.add(handler.timeoutMs, () => {
        deadline = undefined;
        const error = new HandlerTimeoutError(handler.name, handler.timeoutMs);
        context.abort(error);
        finish({ kind: 'failed', error });
      });
    }
    try {
      Promise.resolve(handler.invoke(message, context)).then(
        (value) => finish({ kind: 'resolved', value }),
        (error: unknown) => finish(failed(handler, error)),
      );
    } catch (error) {
      finish(failed(handler, error));
    }
  });
}

function failed(handler: MessageHandler, error: unknown): AttemptOutcome {
  return handler.isRefusal?.(error) ? { kind: 'refused' } : { kind: 'failed', error };
}
