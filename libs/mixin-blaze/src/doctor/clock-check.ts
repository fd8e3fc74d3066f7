import { HttpTransport } from '../api/http-transport.js';
import { redactUrl } from '../util/log-safe.js';
import { fail, ok, warn, type CheckResult } from './check-result.js';
import { describeTransportError } from './describe-error.js';
import { MAX_CLOCK_SKEW_MS, describeSkew, readServerTime } from '../transport/server-time.js';

/** A clock this far off still works, but drifts toward the limit: worth a warning. */
export const WARN_CLOCK_SKEW_MS = 30_000;

const NAME = 'clock';
const FIX_CLOCK = 'fix the clock (turn on network time sync, e.g. `timedatectl set-ntp true` on Linux)';

/** The clock check's result, with the skew kept for the advice on a later 401. */
export interface ClockFinding {
  result: CheckResult;
  /** This machine's clock minus the server's, in ms; undefined when it could not be measured. */
  skewMs?: number;
}

/**
 * Compares this machine's clock with the API server's. The request is unsigned: the clock must
 * be checkable even when the keystore is broken, and Mixin answers an unsigned `GET /me` with a
 * 401 that still carries `Date` and `X-Server-Time` (docs/protocol.md §1.3). The server's time is compared with
 * the middle of the round trip.
 */
export async function checkClock(apiUrl: string, timeoutMs: number, now: () => number = Date.now): Promise<ClockFinding> {
  const transport = new HttpTransport(apiUrl);
  const where = redactUrl(`${apiUrl}/me`);
  try {
    const sentAt = now();
    const response = await transport.request({ method: 'GET', url: `${apiUrl}/me`, headers: {}, timeoutMs });
    const midpoint = (sentAt + now()) / 2;
    const server = readServerTime(response.headers);
    if (!server) {
      return { result: warn(NAME, `the answer of ${where} has neither X-Server-Time nor Date; the clock was not checked`, 'check that --api-url is the Mixin API') };
    }
    return { result: judgeSkew(midpoint - server.ms, `${server.source} header of ${where}`), skewMs: midpoint - server.ms };
  } catch (err) {
    return { result: fail(NAME, `could not read the server's time from ${where}: ${describeTransportError(err)}`, 'check --api-url and that this machine can reach it') };
  } finally {
    transport.close();
  }
}

/** OK within 30 s; a warning up to Mixin's 5-minute limit; a failure beyond it. */
export function judgeSkew(skewMs: number, source: string): CheckResult {
  const detail = `this machine's clock is ${describeSkew(skewMs)} (${source})`;
  const size = Math.abs(skewMs);
  if (size >= MAX_CLOCK_SKEW_MS) return fail(NAME, detail, `Mixin refuses tokens from a clock more than 5 minutes off: ${FIX_CLOCK}`);
  if (size >= WARN_CLOCK_SKEW_MS) return warn(NAME, detail, `Mixin refuses tokens beyond 5 minutes: ${FIX_CLOCK}`);
  return ok(NAME, detail);
}
