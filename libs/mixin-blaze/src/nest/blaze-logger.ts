import { ConsoleLogger, Logger } from '@nestjs/common';
import type { EngineLogger, LogFields } from '../util/engine-logger.js';

// Nest's ConsoleLogger reads a plain object after the message as the line's structured params
// (printed inline, or as JSON fields) from Nest 12 on; an older one prints it as a second line.
const CONSOLE_TAKES_FIELDS = typeof (ConsoleLogger.prototype as unknown as { stringifyParams?: unknown }).stringifyParams === 'function';

/**
 * The engine's logger for one bot: Nest's `Logger` under the context `MixinBlaze` (or
 * `MixinBlaze:<name>`), with a line's fields passed as a plain object after the message
 * (`warn(text, fields)`, `error(text, stack, fields)`), the bot's name added to them. That is
 * the shape Nest's ConsoleLogger (text and `json: true`) and nestjs-pino read as fields; a
 * ConsoleLogger that would print the object as a line of its own gets the text alone. An error's
 * stack is Nest's `error(message, stack)` parameter, and also a `stack` field for other loggers.
 */
export function createBlazeLogger(bot: string | undefined): EngineLogger {
  const nest = new Logger(bot === undefined ? 'MixinBlaze' : `MixinBlaze:${bot}`);
  const extra = (fields: LogFields | undefined, stack?: string): [Record<string, unknown>] | [] => {
    if (fields === undefined) return [];
    const target = nest.localInstance;
    if (target instanceof ConsoleLogger && !consoleTakesFields(target)) return [];
    const all: Record<string, unknown> = bot === undefined ? { ...fields } : { bot, ...fields };
    // nestjs-pino drops a stack passed before the fields (it is neither the context nor a field),
    // so loggers other than Nest's own, which prints it after the line, get it as a field too.
    if (stack !== undefined && !(target instanceof ConsoleLogger)) all.stack = stack;
    return [all];
  };
  return {
    log: (message, fields) => nest.log(message, ...extra(fields)),
    warn: (message, fields) => nest.warn(message, ...extra(fields)),
    debug: (message, fields) => nest.debug(message, ...extra(fields)),
    error: (message, stack, fields) => (stack === undefined ? nest.error(message, ...extra(fields)) : nest.error(message, stack, ...extra(fields, stack))),
  };
}

function consoleTakesFields(target: ConsoleLogger): boolean {
  const options = (target as unknown as { options?: { structuredParams?: boolean } }).options;
  return CONSOLE_TAKES_FIELDS && options?.structuredParams !== false;
}
