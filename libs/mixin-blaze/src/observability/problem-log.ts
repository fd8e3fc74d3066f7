import type { EngineLogger } from '../util/engine-logger.js';

/** The last problem a bot logged (warn or error), with when: for the health indicator's `lastError`. */
export interface LoggedProblem {
  message: string;
  at: number;
}

// Log lines are log-safe already (escaped, values cut); this keeps a health response small.
const MAX_CHARS = 300;

/**
 * Remembers the last warning or error of the loggers it watches (the connection's and the ack
 * batcher's), so that health can say what went wrong last without a second error path in the engine.
 */
export class ProblemLog {
  last?: LoggedProblem;

  /** A logger that writes to `logger` and remembers its warnings and errors. */
  watch(logger: EngineLogger): EngineLogger {
    const note = (message: string): void => {
      this.last = { message: message.length > MAX_CHARS ? `${message.slice(0, MAX_CHARS)}…` : message, at: Date.now() };
    };
    return {
      log: (message) => logger.log(message),
      debug: (message) => logger.debug(message),
      warn: (message) => {
        note(message);
        logger.warn(message);
      },
      // Same arity as the caller's: Nest's Logger prints an explicit `undefined` stack.
      error: (message, ...stack: [string?]) => {
        note(message);
        logger.error(message, ...stack);
      },
    };
  }
}
