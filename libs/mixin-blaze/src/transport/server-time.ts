import type { IncomingHttpHeaders } from 'node:http';

/**
 * Mixin refuses tokens from a clock more than 5 minutes off (docs/protocol.md §1.3, from DOC
 * `app/getting-started/messages.md`; §6 code 401).
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The server's time as a response tells it. */
export interface ServerTime {
  /** Milliseconds since the epoch, at the moment the server answered. */
  ms: number;
  source: 'X-Server-Time' | 'Date';
}

/**
 * Reads the server's clock from a response: `X-Server-Time` (nanoseconds since the epoch, which
 * Mixin sends and the official desktop client reads on a 401, §1.3) when present, else the HTTP
 * `Date` header (RFC 9110 §6.6.1, whole seconds, rounded down: the middle of its second is taken).
 * Used by the connection's 401 hint and by the doctor's clock check.
 */
export function readServerTime(headers: IncomingHttpHeaders): ServerTime | undefined {
  const nanos = headers['x-server-time'];
  if (typeof nanos === 'string' && /^\d{1,30}$/.test(nanos)) {
    return { ms: Number(BigInt(nanos) / 1_000_000n), source: 'X-Server-Time' };
  }
  const date = typeof headers.date === 'string' ? Date.parse(headers.date) : NaN;
  if (Number.isNaN(date)) return undefined;
  return { ms: date + 500, source: 'Date' };
}

/** "600 s ahead of the server's" / "12 s behind the server's": ours minus the server's. */
export function describeSkew(skewMs: number): string {
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  if (seconds === 0) return 'within 1 s of the server\'s';
  return `${seconds} s ${skewMs > 0 ? 'ahead of' : 'behind'} the server's`;
}
