import { createHash, randomUUID } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for any RFC 4122-shaped UUID (Mixin ids are not all version 4). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
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
