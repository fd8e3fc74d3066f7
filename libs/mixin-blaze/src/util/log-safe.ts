/** The longest wire value a log line carries; the rest is cut and its length said. */
export const LOG_VALUE_MAX = 120;

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators: anything that could start a
// forged log line or move a terminal's cursor.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A value from the wire, made safe for one log line: control characters escaped (`\n` → `\\n`,
 * others as `\\u00XX`) and cut to `max` characters. Never throws, whatever `value` is.
 */
export function logSafe(value: unknown, max = LOG_VALUE_MAX): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else if (typeof value === 'symbol') text = value.description === undefined ? 'Symbol()' : `Symbol(${value.description.slice(0, max)})`;
  else text = `<${Array.isArray(value) ? 'array' : typeof value}>`;
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut.replace(UNSAFE, escapeChar);
  return text.length > max ? `${escaped}…(${text.length} chars)` : escaped;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/**
 * A one-line description of anything thrown: an Error's name and message, or the type and a safe
 * rendering of any other value. Never throws, even for objects whose `toString`, `toJSON` or
 * `message` getter throws, and never walks deep structures.
 */
export function describeThrown(err: unknown, max = 500): string {
  try {
    if (err instanceof Error) {
      const message = readString(() => err.message);
      return logSafe(message === undefined ? '<unreadable message>' : message, max);
    }
    if (typeof err === 'string') return logSafe(`non-Error value "${err}"`, max);
    if (typeof err === 'object' && err !== null) {
      const message = readString(() => (err as { message?: unknown }).message);
      const name = readString(() => (err as object).constructor?.name) ?? 'Object';
      return logSafe(message === undefined ? `non-Error ${name}` : `non-Error ${name}: ${message}`, max);
    }
    if (typeof err === 'function') return 'non-Error function';
    return `non-Error value ${logSafe(err, max)}`;
  } catch {
    return 'non-Error value (unreadable)';
  }
}

function readString(read: () => unknown): string | undefined {
  try {
    const value = read();
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A URL for logs and errors without what it may carry in secret: user name and password, query
 * and fragment are dropped. Anything that does not parse is replaced by a placeholder rather than
 * echoed, since a mistaken value may be a pasted keystore.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}
