import { MAX_CLOCK_SKEW_MS, describeSkew } from '../transport/server-time.js';

/** What the earlier checks found that explains a 401. */
export interface UnauthorizedContext {
  /** This machine's clock minus the server's, when the clock check could measure it. */
  skewMs?: number;
  /** GET /me accepted a token signed with the same key (known only to the Blaze check). */
  meAccepted?: boolean;
}

/**
 * How to fix a refused token. Mixin answers 401 for a wrong key and for a clock more than 5 minutes
 * off alike (docs/protocol.md §1.3, §6), so the measured skew decides which one to name, as
 * transport/unauthorized-hint.ts does for the running module.
 */
export function unauthorizedFix(context: UnauthorizedContext): string {
  const { skewMs, meAccepted } = context;
  if (skewMs !== undefined && Math.abs(skewMs) >= MAX_CLOCK_SKEW_MS) {
    return `this machine's clock is ${describeSkew(skewMs)}, beyond the 5 minutes Mixin allows: fix the clock (turn on network time sync), then run the doctor again`;
  }
  if (meAccepted) {
    return 'GET /me accepted a token signed with the same key, so the key and the clock are right: check that --blaze-url belongs to the same Mixin service as --api-url';
  }
  const clocks = skewMs === undefined ? 'if the clock is right, ' : `the clocks agree within ${Math.max(1, Math.round(Math.abs(skewMs) / 1000))} s, so `;
  return `${clocks}the key is wrong: session_private_key must be the key of session_id for app_id, and the session must not be revoked; download the keystore again from the Mixin developer dashboard`;
}
