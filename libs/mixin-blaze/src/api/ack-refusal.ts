import { BlazeRequestError } from '../transport/blaze-request.error.js';
import { MixinApiError } from './mixin-api.error.js';

// Statuses and codes that say "not now" rather than "not this": a bad or expired token or clock
// skew (401, docs/protocol.md §1.3), a request timeout (408), the quota (429, §6 there).
const TRANSIENT = new Set([401, 408, 429]);
// Codes that blame the request itself (docs/protocol.md §6): 400 unparsable body, 403 forbidden,
// 10002 invalid request data (FLT drops a message refused with it). Mixin reports these with
// transport status 202, so the code has to be read, not only the HTTP status.
const PERMANENT_CODES = new Set([400, 403, 10002]);

/**
 * True when the server refused an ack batch for what it contains, so resending it unchanged can
 * never succeed: Mixin code 400/403/10002, or an HTTP 4xx other than 401/408/429. Everything else
 * (network errors, timeouts, oversized or cut responses, 5xx, 401, 408, 429, Blaze 7000/7001) is
 * transient and retried as is.
 */
export function isPermanentRefusal(err: unknown): boolean {
  if (!(err instanceof MixinApiError) && !(err instanceof BlazeRequestError)) return false;
  const { status, code } = err;
  if ((status !== undefined && TRANSIENT.has(status)) || (code !== undefined && TRANSIENT.has(code))) return false;
  if (code !== undefined && PERMANENT_CODES.has(code)) return true;
  // A socket reply's status is the error object's own (202 for business errors), not HTTP.
  return err instanceof MixinApiError && err.status >= 400 && err.status < 500;
}
