/** String fields found in the first bytes of a frame's JSON text; raw wire strings, unvalidated. */
export interface PrefixFields {
  /** Top-level `id`. */
  id?: string;
  /** Top-level `action`. */
  action?: string;
  /** String fields of the top-level `data` object that {@link scanFramePrefix} looks for. */
  data: { message_id?: string; conversation_id?: string; category?: string; user_id?: string };
}

const DATA_KEYS = new Set(['message_id', 'conversation_id', 'category', 'user_id']);
const TOP_KEYS = new Set(['id', 'action']);
const LONGEST_KEY = 15; // 'conversation_id'
/** The longest value kept; longer ones are cut (a UUID is 36 characters, a category a few dozen). */
export const PREFIX_VALUE_MAX = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * Reads `id`, `action` and a few `data` fields out of the beginning of a frame's JSON text, which
 * may be cut anywhere (a bounded prefix of a frame too large to read whole). One linear pass with
 * a depth counter, no recursion and no parse tree, so nothing on the wire can make it deep or
 * slow: it costs one step per character of `text`.
 *
 * Mixin's server (Go's encoding/json) writes struct fields in declaration order: `id` and
 * `action` first, then `data`, whose `message_id`, `conversation_id` and `category` come before
 * the payload (`data`), so the ids of a message are in the first few hundred bytes of its frame.
 */
export function scanFramePrefix(text: string): PrefixFields {
  const found: PrefixFields = { data: {} };
  let depth = 0;
  // Whether the top-level `data` object is open now, and whether it was opened at all.
  let inData = false;
  let dataSeen = false;
  let key: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i + 1);
      if (end < 0) break; // cut inside a string: nothing further can be read
      let next = end + 1;
      while (next < text.length && isSpace(text.charCodeAt(next))) next++;
      const scope = depth === 1 ? 1 : depth === 2 && inData ? 2 : 0;
      if (next < text.length && text.charCodeAt(next) === COLON) {
        // A key. Only short, unescaped keys can be ones we look for.
        key = scope > 0 && end - i - 1 <= LONGEST_KEY ? text.slice(i + 1, end) : undefined;
        i = next;
        continue;
      }
      if (key !== undefined) keep(found, scope, key, text, i + 1, end);
      key = undefined;
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      // `{` or `[`
      depth++;
      if (depth === 2 && c === 0x7b && key === 'data' && !dataSeen) inData = dataSeen = true;
      key = undefined;
    } else if (c === 0x7d || c === 0x5d) {
      // `}` or `]`
      depth--;
      if (depth < 2) inData = false;
      key = undefined;
      if (depth <= 0) break;
    } else if (c === COMMA) {
      key = undefined;
    }
  }
  return found;
}

function keep(found: PrefixFields, scope: number, key: string, text: string, start: number, end: number): void {
  if (scope === 1 && TOP_KEYS.has(key)) found[key as 'id' | 'action'] = value(text, start, end);
  else if (scope === 2 && DATA_KEYS.has(key)) found.data[key as keyof PrefixFields['data']] = value(text, start, end);
}

// The string's text, unescaped when it carries escapes, cut to PREFIX_VALUE_MAX characters.
function value(text: string, start: number, end: number): string {
  const raw = text.slice(start, Math.min(end, start + PREFIX_VALUE_MAX));
  if (raw.indexOf('\\') < 0) return raw;
  try {
    return (JSON.parse(`"${raw}"`) as string).slice(0, PREFIX_VALUE_MAX);
  } catch {
    return raw; // cut inside an escape: the raw text is as good as anything
  }
}

/** Index of the quote that closes the string starting at `from`, or -1 when the text ends first. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
