import { createHash } from 'node:crypto';

/** The user `userSends` speaks as when no `userId` is given. */
export const DEFAULT_USER_ID = '53bac64e-e1ff-408a-ad0e-aca20cdc68bd';

function md5Uuid(input: string): string {
  const b = createHash('md5').update(input).digest();
  // Same version/variant bits as the Node SDK's uniqueConversationID (protocol §3.2).
  b[6] = (b[6] & 0x0f) | 0x30;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The 1:1 conversation id Mixin derives for two users (order-independent). */
export function uniqueConversationId(userId: string, recipientId: string): string {
  const [min, max] = userId < recipientId ? [userId, recipientId] : [recipientId, userId];
  return md5Uuid(min + max);
}

// Backlog pushes ask for the same few users' ids over and over; hashing each time showed up in profiles.
const sessionIds = new Map<string, string>();

/** A stable per-user session id, so the same fake user always looks like the same device. */
export function fakeSessionId(userId: string): string {
  let id = sessionIds.get(userId);
  if (!id) {
    id = md5Uuid(`session:${userId}`);
    if (sessionIds.size < 10_000) sessionIds.set(userId, id);
  }
  return id;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical textual uuid (any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}
