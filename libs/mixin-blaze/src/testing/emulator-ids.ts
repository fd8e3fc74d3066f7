import { md5Uuid } from '../util/uuid.js';

export { isUuid, uniqueConversationId } from '../util/uuid.js';

/** The user `userSends` speaks as when no `userId` is given. */
export const DEFAULT_USER_ID = '53bac64e-e1ff-408a-ad0e-aca20cdc68bd';

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
