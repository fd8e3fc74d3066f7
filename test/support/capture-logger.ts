import type { LoggerService } from '@nestjs/common';
import { recordSuiteLog } from './suite-log.js';

/** One log line an app produced during a test. */
export interface LogLine {
  level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  text: string;
  /** The plain objects passed after the message (a structured logger's fields), merged; kept out of `text`. */
  fields?: Record<string, unknown>;
}

/** A Nest logger that keeps every line, so tests can assert on what was logged (and what never was). */
export class CaptureLogger implements LoggerService {
  readonly lines: LogLine[] = [];

  log(message: unknown, ...rest: unknown[]) {
    this.push('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.push('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.push('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.push('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.push('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.push('fatal', message, rest);
  }

  /** Lines at `level` whose text contains every fragment. */
  find(level: LogLine['level'], ...fragments: string[]): LogLine[] {
    return this.lines.filter((l) => l.level === level && fragments.every((f) => l.text.includes(f)));
  }

  private push(level: LogLine['level'], message: unknown, rest: unknown[]) {
    const objects = rest.filter(isPlainObject);
    const text = [message, ...rest.filter((p) => !isPlainObject(p))]
      .map((p) => (typeof p === 'string' ? p : p instanceof Error ? (p.stack ?? p.message) : String(p)))
      .join(' ');
    const fields = objects.length > 0 ? Object.assign({}, ...objects) : undefined;
    this.lines.push(fields ? { level, text, fields } : { level, text });
    recordSuiteLog(level, fields ? `${text} ${JSON.stringify(fields)}` : text);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
