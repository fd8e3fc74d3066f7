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
  const fast = parseCommonUtc(value);
  if (fast !== undefined) return new Date(fast);
  const m = RFC3339.exec(value);
  if (m === null) return undefined;
  const millis = m[3] === undefined ? '000' : (m[3] + '00').slice(0, 3);
  const zone = m[4] === 'z' ? 'Z' : m[4];
  const time = Date.parse(`${m[1]}T${m[2]}.${millis}${zone}`);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * The form Mixin sends on every message, `YYYY-MM-DDTHH:MM:SS.fffffffffZ`, read digit by digit
 * (two per message; the regular expression and Date.parse cost more than the rest of the
 * envelope: docs/performance.md §3). Returns undefined for anything it is not sure of, which the general path then reads:
 * days past 28, years before 1970, leap seconds, offsets.
 */
function parseCommonUtc(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || n > 30 || s.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 28) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let millis = 0;
  if (n > 20) {
    // A fraction: "." then 1 to 9 digits, of which the first three count.
    if (s.charCodeAt(19) !== 46 || n === 21) return undefined;
    const fraction = n - 21;
    if (fraction > 9 || digits(s, 20, fraction) < 0) return undefined;
    millis = digits(s, 20, Math.min(3, fraction)) * (fraction >= 3 ? 1 : fraction === 2 ? 10 : 100);
  } else if (s.charCodeAt(19) !== 90) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The decimal value of `count` ASCII digits at `from`, or -1 if any is not a digit. */
function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
