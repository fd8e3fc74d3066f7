import { createHash, randomUUID } from 'node:crypto';

/**
 * True for any RFC 4122-shaped UUID, either case (Mixin ids are not all version 4): 8-4-4-4-12 hex
 * digits. A loop rather than a regular expression: every message id is checked several times on
 * its way, and this is several times faster.
 */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) {
      return false;
    }
  }
  return true;
}

/** A fresh random (v4) UUID. */
export const newUuid: () => string = randomUUID;

/** A name-based UUID: MD5 of `input` with version-3 and RFC 4122 variant bits, as Mixin derives ids. */
export function md5Uuid(input: string): string {
  const bytes = createHash('md5').update(input).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x30;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The conversation id Mixin uses for the 1:1 chat between two users (order-independent). */
export function uniqueConversationId(userA: string, userB: string): string {
  return userA < userB ? md5Uuid(userA + userB) : md5Uuid(userB + userA);
}

/**
 * A stable message id derived from others, e.g. `derivedMessageId(message.messageId, 'reply')`:
 * a handler that is retried then sends its reply under the same id, and Mixin keeps only one.
 */
export function derivedMessageId(...parts: string[]): string {
  return md5Uuid(parts.join(':'));
}
