// date-time from RFC 3339 §5.6: fraction of any length, `Z` or a numeric offset.
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp such as `2023-04-28T10:01:32.387507Z` or one with
 * nanoseconds. The fraction is cut to milliseconds first, because `Date` holds no
 * more and ECMAScript only promises to parse exactly three digits.
 * Returns `undefined` for anything else, including non-strings and impossible dates.
 */
export function parseRfc3339(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = RFC3339.exec(value);
  if (m === null) return undefined;
  const millis = m[3] === undefined ? '000' : (m[3] + '00').slice(0, 3);
  const zone = m[4] === 'z' ? 'Z' : m[4];
  const time = Date.parse(`${m[1]}T${m[2]}.${millis}${zone}`);
  return Number.isNaN(time) ? undefined : new Date(time);
}
