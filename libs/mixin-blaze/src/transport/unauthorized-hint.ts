import type { IncomingHttpHeaders } from 'node:http';
import { MAX_CLOCK_SKEW_MS, readServerTime } from './server-time.js';

/**
 * Explains a 401 in words an operator can act on. Mixin refuses tokens signed with the wrong key
 * and tokens from a clock more than 5 minutes off, so when the server tells us its time we say
 * which of the two it is likely to be.
 */
export function describeUnauthorized(what: string, headers?: IncomingHttpHeaders): string {
  const serverTime = headers ? readServerTime(headers)?.ms : undefined;
  let hint = 'check that session_private_key belongs to session_id and app_id in the keystore, and that this machine\'s clock is right';
  if (serverTime !== undefined) {
    const skewSeconds = Math.round((Date.now() - serverTime) / 1000);
    hint =
      Math.abs(skewSeconds) * 1000 >= MAX_CLOCK_SKEW_MS
        ? `this machine's clock is ${skewSeconds} s off the server's (more than the 5 minutes Mixin allows): fix the clock`
        : `the clocks agree within ${Math.abs(skewSeconds)} s, so the key is likely wrong: check session_private_key, session_id and app_id`;
  }
  return `Blaze refused our token (${what}): ${hint}`;
}
