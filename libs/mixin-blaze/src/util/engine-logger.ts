/**
 * The structured context of a log line about one message, for JSON loggers: each value is either
 * checked (a UUID, a number) or already cut and escaped with `logSafe`, never a raw wire value.
 */
export interface LogFields {
  /** The bot's `name`; absent for the unnamed bot. Added by the runtime's logger, not by the engine. */
  bot?: string;
  messageId?: string;
  conversationId?: string;
  category?: string;
  /** `ClassName.method` of the handler. */
  handler?: string;
  /** The attempt this line is about: 1 for the first. */
  attempt?: number;
  /** How many attempts the handler's retry policy allows. */
  attempts?: number;
}

/**
 * What the engine logs through. Nest's `Logger` fits it, but the runtime hands the engine an
 * adapter (`nest/blaze-logger.ts`) that adds the bot and passes `fields` on only where the
 * logger can use them; the engine takes it from outside so that it imports nothing from Nest and
 * runs in unit tests with plain objects. `fields` repeats what the message text says, as data.
 */
export interface EngineLogger {
  log(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, stack?: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}
