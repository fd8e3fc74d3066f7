import type { LoggerService } from '@nestjs/common';

/** Nest's start-up chatter: true but not part of the story. */
const QUIET = new Set(['NestFactory', 'InstanceLoader', 'NestApplication', 'RoutesResolver', 'RouterExplorer']);
/**
 * Contexts whose errors the demo causes on purpose (the `crash` command, the malformed image):
 * one line each is the story; the stack would only repeat the echo handler's own throw.
 * Any other error keeps its stack, since then something really is broken.
 */
const EXPECTED_ERRORS = new Set(['MixinBlaze', 'ExceptionsHandler']);
const MAX_LINE = 240;

/**
 * The logger of `npm start` without a keystore: one short indented line per event, no pids or
 * timestamps, so that the bot's logs read as part of the scripted conversation around them.
 */
export class StoryLogger implements LoggerService {
  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    if (!QUIET.has(context)) this.line('  ', context, message);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.line('   warn', contextOf(params), message);
  }

  error(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    // Nest's handler exception filter logs the Error itself; the library's warn line already
    // names each failed attempt and its reason, so in the story it would only say it twice.
    if (context === 'ExceptionsHandler' && message instanceof Error) return;
    this.line('   error', context, message);
    const stack = message instanceof Error ? message.stack : params.length > 1 ? params[0] : undefined;
    if (typeof stack === 'string' && !EXPECTED_ERRORS.has(context)) this.print(stack);
  }

  debug(): void {}
  verbose(): void {}

  private line(prefix: string, context: string, message: unknown): void {
    const text = message instanceof Error ? message.message : String(message);
    const first = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
    this.print(`${prefix} [${context || 'Nest'}] ${first}`);
  }
}

function contextOf(params: unknown[]): string {
  const last = params[params.length - 1];
  return typeof last === 'string' ? last : '';
}
