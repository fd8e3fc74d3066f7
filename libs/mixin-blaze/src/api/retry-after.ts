/**
 * The longest wait a server may impose through `Retry-After`. A hostile or broken value (a year,
 * a date far in the future) must not park acknowledgements for longer than this.
 */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Milliseconds to wait from a `Retry-After` header (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date), clamped to [0, {@link MAX_RETRY_AFTER_MS}]; undefined when absent or unreadable.
 * Mixin documents a quota (docs/protocol.md §4, and code 429 in §6) but no hint; this follows the HTTP standard.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return undefined;
  const text = first.trim();
  // An HTTP-date is 29 characters; anything much longer is not a valid value.
  if (text.length === 0 || text.length > 64) return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    // All three HTTP-date forms start with the day name; Date.parse alone accepts '-5' or '1.5'.
    if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
