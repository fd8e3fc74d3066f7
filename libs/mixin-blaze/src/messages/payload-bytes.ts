import { MessageDecodeError } from './message-decode.error.js';

// Either alphabet, optional padding. Buffer.from(…, 'base64') already reads both
// alphabets but silently skips bad characters, hence the explicit check.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const EMPTY = Buffer.alloc(0);

/** True if `s` is standard or URL-safe base64, padded or not. */
export function isBase64(s: string): boolean {
  if (!BASE64.test(s)) return false;
  let pad = 0;
  while (pad < 2 && s.charCodeAt(s.length - 1 - pad) === 61 /* = */) pad++;
  // A lone trailing sextet cannot encode a byte.
  return (s.length - pad) % 4 !== 1;
}

/**
 * The payload bytes of a MessageView: `data` (standard base64) when it is a
 * non-empty string, else `data_base64` (base64url). Either alphabet is accepted
 * in either field; a view with neither yields an empty buffer, which text
 * categories read as "" and JSON categories reject at the `json` stage.
 */
export function readPayloadBytes(view: Record<string, unknown>, messageId?: string, category?: string): Buffer {
  let field = 'data';
  let value = view.data;
  if (value === undefined || value === null || value === '') {
    field = 'data_base64';
    value = view.data_base64;
  }
  if (value === undefined || value === null || value === '') return EMPTY;
  if (typeof value !== 'string' || !isBase64(value)) {
    throw new MessageDecodeError(
      'base64',
      [{ path: field, rules: ['isBase64'], messages: [`${field} must be base64 or base64url`] }],
      messageId,
      category,
    );
  }
  return Buffer.from(value, 'base64');
}
