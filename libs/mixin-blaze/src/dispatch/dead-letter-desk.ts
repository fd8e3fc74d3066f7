import { describeThrown } from '../util/log-safe.js';
import { envelopeForLog, type DeadLetter } from './dead-letter.js';
import type { EngineLogger, LogFields } from '../util/engine-logger.js';
import { messageFields } from './log-fields.js';

/** A dead-letter hook: an `@OnDeadLetter` method or the `onDeadLetter` option. */
export interface DeadLetterHook {
  name: string;
  call(letter: DeadLetter): Promise<unknown>;
}

/**
 * Hands a dead letter to every hook and says whether all of them took it. The message is logged
 * once, at error level, with its id, why, and its envelope (escaped, cut, payload left out); a hook
 * that throws is logged too and makes the caller leave the message un-acknowledged, so that it is
 * not lost before someone recorded it.
 */
export class DeadLetterDesk {
  constructor(
    private readonly hooks: () => readonly DeadLetterHook[],
    private readonly logger: EngineLogger,
  ) {}

  /** Logs the letter and runs the hooks in turn; resolves true when every hook succeeded. */
  async deliver(letter: DeadLetter): Promise<boolean> {
    const error = letter.error;
    let stack: string | undefined;
    try {
      stack = error instanceof Error && typeof error.stack === 'string' ? error.stack.slice(0, 4000) : undefined;
    } catch {
      stack = undefined;
    }
    const fields = letterFields(letter);
    this.logger.error(`dead letter ${letter.messageId}: ${letter.reason}; envelope ${envelopeForLog(letter.raw)}`, stack, fields);
    let delivered = true;
    for (const hook of this.hooks()) {
      try {
        await hook.call(letter);
      } catch (hookError) {
        delivered = false;
        this.logger.error(`dead-letter hook ${hook.name} failed for message ${letter.messageId}: ${describeThrown(hookError)}`, undefined, fields);
      }
    }
    return delivered;
  }
}

/** The structured context of a dead letter's log lines; `attempts` only when handler attempts were made. */
export function letterFields(letter: DeadLetter): LogFields {
  const fields = messageFields(letter.messageId, letter.raw, letter.category, letter.handler);
  return letter.attempts > 0 ? { ...fields, attempts: letter.attempts } : fields;
}
