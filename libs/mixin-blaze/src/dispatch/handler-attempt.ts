import { ForbiddenException } from '@nestjs/common';
import type { BlazeMessage } from '../messages/blaze-message.dto.js';
import { BlazeContext } from './blaze-context.js';
import type { MessageHandler } from './handler-registry.js';

/** A handler attempt ran past its `timeoutMs`. */
export class HandlerTimeoutError extends Error {
  constructor(handler: string, timeoutMs: number) {
    super(`${handler} did not finish within ${timeoutMs} ms`);
    this.name = 'HandlerTimeoutError';
  }
}

/** How one attempt ended. */
export type AttemptOutcome =
  | { kind: 'resolved'; value: unknown }
  | { kind: 'refused' }
  | { kind: 'failed'; error: unknown };

// Nest's guards consumer throws exactly this when a guard returns false.
const GUARD_REFUSAL = 'Forbidden resource';

/**
 * Runs a handler once, with its timeout. Never rejects: errors (including non-Error values and
 * late rejections of a timed-out handler) become outcomes, so none can escape as unhandled.
 */
export async function runAttempt(
  handler: MessageHandler,
  message: BlazeMessage,
  raw: Record<string, unknown>,
  attempt: number,
  acknowledge: (messageId: string) => Promise<void>,
  running: Set<BlazeContext>,
): Promise<AttemptOutcome> {
  const context = new BlazeContext(message, raw, attempt, acknowledge);
  running.add(context);
  let timer: NodeJS.Timeout | undefined;
  try {
    const run = Promise.resolve().then(() => handler.invoke(message, context));
    let value: unknown;
    if (handler.timeoutMs > 0) {
      run.catch(() => undefined); // a timed-out handler may still reject later; that is not news
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HandlerTimeoutError(handler.name, handler.timeoutMs)), handler.timeoutMs);
      });
      value = await Promise.race([run, timeout]);
    } else {
      value = await run;
    }
    return { kind: 'resolved', value };
  } catch (error) {
    if (error instanceof HandlerTimeoutError) context.abort(error);
    if (error instanceof ForbiddenException && error.message === GUARD_REFUSAL) return { kind: 'refused' };
    return { kind: 'failed', error };
  } finally {
    clearTimeout(timer);
    running.delete(context);
  }
}

/** A readable one-liner for anything a handler may throw. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return `non-Error value ${JSON.stringify(err)}`;
  } catch {
    return `non-Error value ${String(err)}`;
  }
}
