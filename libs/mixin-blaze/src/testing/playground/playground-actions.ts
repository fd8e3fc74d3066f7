import { randomUUID } from 'node:crypto';
import { uniqueConversationId, isUuid } from '../emulator-ids.js';
import { samplePayload } from '../message-fixtures.js';
import type { UserSendOptions } from '../emulator-types.js';
import type { PageConversation, PlaygroundHost } from './playground-types.js';

/** The second user the page offers by default; a fixed id so reloads and screenshots agree. */
export const BOB_USER_ID = '0f8d5c4e-3b7a-4e21-9c6d-5a4b3c2d1e0f';

/** Longest text the page may send as one message (Mixin's own limit is far higher; a page needs no more). */
const MAX_TEXT = 4096;

/** The kinds of message the page's buttons send. */
export const SEND_KINDS = ['text', 'image', 'snapshot', 'contact', 'malformed'] as const;
export type SendKind = (typeof SEND_KINDS)[number];

/** Users and conversations the page starts with: a 1:1 with each user, and one group with all. */
export function startingConversations(host: PlaygroundHost, users: Array<{ name: string; userId: string }>): PageConversation[] {
  const direct = users.map((u) => ({ id: uniqueConversationId(u.userId, host.botUserId), name: u.name, group: false, userId: u.userId }));
  // Stable per bot, so the group keeps its id across restarts of the same keystore.
  const groupId = uniqueConversationId(host.botUserId, '00000000-0000-4000-8000-00000000a11a');
  return [...direct, { id: groupId, name: `Group: ${users.map((u) => u.name).join(', ')} and the bot`, group: true }];
}

/** Thrown for a request the page should never make; becomes a 400 with this message. */
export class BadPlaygroundRequest extends Error {}

/** Turns a checked `POST /api/send` body into the message a user sends; throws BadPlaygroundRequest. */
export function messageFor(body: unknown, host: PlaygroundHost, userIds: ReadonlySet<string>): UserSendOptions {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadPlaygroundRequest('body must be a JSON object');
  const { kind, text, userId, conversationId } = body as Record<string, unknown>;
  if (!SEND_KINDS.includes(kind as SendKind)) throw new BadPlaygroundRequest(`kind must be one of ${SEND_KINDS.join(', ')}`);
  if (typeof userId !== 'string' || !userIds.has(userId)) throw new BadPlaygroundRequest('userId must be one of the playground users');
  if (!isUuid(conversationId)) throw new BadPlaygroundRequest('conversationId must be a uuid');
  const from = { userId, conversationId: conversationId as string };
  switch (kind as SendKind) {
    case 'text':
      if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT) {
        throw new BadPlaygroundRequest(`text must be 1 to ${MAX_TEXT} characters`);
      }
      return { ...from, category: 'PLAIN_TEXT', payload: text };
    case 'image':
      return { ...from, category: 'PLAIN_IMAGE', payload: { ...(samplePayload('PLAIN_IMAGE') as object), attachment_id: randomUUID() } };
    case 'snapshot':
      return {
        ...from,
        category: 'SYSTEM_SAFE_SNAPSHOT',
        payload: {
          ...(samplePayload('SYSTEM_SAFE_SNAPSHOT') as object),
          snapshot_id: randomUUID(),
          trace_id: randomUUID(),
          user_id: host.botUserId,
          opponent_id: userId,
          created_at: new Date().toISOString(),
        },
      };
    case 'contact':
      return { ...from, category: 'PLAIN_CONTACT', payload: { user_id: BOB_USER_ID === userId ? host.userId : BOB_USER_ID } };
    case 'malformed':
      // What no official client sends: the bot's invalid-message policy decides (dead letter, then ack).
      return { ...from, category: 'PLAIN_IMAGE', payload: { attachment_id: 'not-a-uuid', width: 'wide' } };
  }
}
