import { logSafe } from '../util/log-safe.js';

// RFC 6455 §7.4.1 (and the IANA registry) names; 4000-4999 are the application's own.
const NAMES: Record<number, string> = {
  1000: 'normal',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no code',
  1006: 'dropped without a close frame',
  1007: 'invalid payload',
  1008: 'policy violation',
  1009: 'message too big',
  1011: 'server error',
  1012: 'service restart',
  1013: 'try again later',
};

/** A close code and the server's reason, for one log line (the reason is escaped and cut). */
export function describeClose(code: number, reason: Buffer | string | undefined): string {
  const name = NAMES[code] ?? (code >= 4000 && code <= 4999 ? 'application-defined' : undefined);
  const text = typeof reason === 'string' ? reason : reason && reason.length > 0 ? reason.toString('utf8') : '';
  return `code ${code}${name ? ` ${name}` : ''}${text ? `, reason "${logSafe(text)}"` : ''}`;
}
