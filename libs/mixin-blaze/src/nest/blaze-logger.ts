import { ConsoleLogger, Logger, type LoggerService } from '@nestjs/common';
import type { EngineLogger, LogFields } from '../util/engine-logger.js';

// Nest's ConsoleLogger reads a plain object after the message as the line's structured params
// (printed inline, or as JSON fields) from Nest 12 on; an older one prints it as a second line.
const CONSOLE_TAKES_FIELDS = typeof (ConsoleLogger.prototype as unknown as { stringifyParams?: unknown }).stringifyParams === 'function';

/**
 * The engine's logger for one bot: Nest's `Logger` under the context `MixinBlaze` (or
 * `MixinBlaze:<name>`), with a line's fields passed as a plain object after the message
 * (`warn(text, fields)`, `error(text, stack, fields)`), the bot's name added to them. That is
 * the shape Nest's ConsoleLogger (text and `json: true`) and nestjs-pino read as fields; a
 * ConsoleLogger that would print the object as a line of its own gets the text alone.
 */
export function createBlazeLogger(bot: string | undefined): EngineLogger {
  const nest = new Logger(bot === undefined ? 'MixinBlaze' : `MixinBlaze:${bot}`);
  const extra = (fields: LogFields | undefined): [LogFields] | [] => {
    if (fields === undefined || !takesFields(nest.localInstance)) return [];
    return [bot === undefined ? fields : { bot, ...fields }];
  };
  return {
    log: (message, fields) => nest.log(message, ...extra(fields)),
    warn: (message, fields) => nest.warn(message, ...extra(fields)),
    debug: (message, fields) => nest.debug(message, ...extra(fields)),
    error: (message, stack, fields) => (stack === undefined ? nest.error(message, ...extra(fields)) : nest.error(message, stack, ...extra(fields))),
  };
}

function takesFields(target: LoggerService | undefined): boolean {
  if (!(target instanceof ConsoleLogger)) return true;
  const options = (target as unknown as { options?: { structuredParams?: boolean } }).options;
  return CONSOLE_TAKES_FIELDS && options?.structuredParams !== false;
}
