import type { EngineLogger } from '../util/engine-logger.js';

/** A problem a bot logged, with when: for the health indicator's `lastError` and `lastWarning`. */
export interface LoggedProblem {
  message: string;
  at: number;
}

// Log lines are log-safe already (escaped, values cut); this keeps a health response small.
const MAX_CHARS = 300;

/**
 * Remembers the last error and the last warning of the loggers it watches (the connection's and the
 * ack batcher's), so that health can say what went wrong last without a second error path in the
 * engine. Kept apart because a warning often follows an error (a 401, then the socket's close) and
 * would hide it.
 */
export class ProblemLog {
  lastError?: LoggedProblem;
  lastWarning?: LoggedProblem;

  /** A logger that writes to `logger` and remembers its warnings and errors. */
  watch(logger: EngineLogger): EngineLogger {
    const cut = (message: string): LoggedProblem => ({ message: message.length > MAX_CHARS ? `${message.slice(0, MAX_CHARS)}…` : message, at: Date.now() });
    return {
      log: (message) => logger.log(message),
      debug: (message) => logger.debug(message),
      warn: (message) => {
        this.lastWarning = cut(message);
        logger.warn(message);
      },
      // Same arity as the caller's: Nest's Logger prints an explicit `undefined` stack.
      error: (message, ...stack: [string?]) => {
        this.lastError = cut(message);
        logger.error(message, ...stack);
      },
    };
  }
}
