import { Expose } from 'class-transformer';
import { LenientId, LenientNumber, LenientString } from './wire-fields.js';

/** Known `SYSTEM_CONVERSATION` actions (FLT `message_action.dart`, Android `SystemConversationAction`). */
export const SystemConversationAction = {
  ADD: 'ADD',
  REMOVE: 'REMOVE',
  JOIN: 'JOIN',
  EXIT: 'EXIT',
  ROLE: 'ROLE',
  CREATE: 'CREATE',
  UPDATE: 'UPDATE',
  EXPIRE: 'EXPIRE',
} as const;
export type SystemConversationAction = (typeof SystemConversationAction)[keyof typeof SystemConversationAction];

/** Participant roles the clients know; `""` is an ordinary member. */
export const PARTICIPANT_ROLES = ['OWNER', 'ADMIN', ''] as const;

/**
 * `SYSTEM_CONVERSATION` payload: membership and settings changes. Sent by Mixin's server, never
 * by bots, so there are only incoming rules, all lenient: Flutter
 * (`blaze/vo/system_conversation_message.g.dart`) and Android
 * (`websocket/SystemConversationMessagePayload.kt`) type every field nullable, act only on
 * actions and roles they know, and Android reads `expire_in` from a number or a numeric string.
 */
export class SystemConversationPayload {
  /** Usually one of {@link SystemConversationAction}; any other string (a newer action) is kept. */
  @Expose() @LenientString() action?: SystemConversationAction | (string & {});
  /** The member affected; `""` for conversation-wide actions such as UPDATE or EXPIRE. */
  @Expose({ name: 'participant_id' }) @LenientId() participantId?: string;
  /** Who performed the action. */
  @Expose({ name: 'user_id' }) @LenientId() userId?: string;
  /** Usually one of {@link PARTICIPANT_ROLES}. */
  @Expose() @LenientString() role?: string;
  /** New disappearing-message timer in seconds (EXPIRE). */
  @Expose({ name: 'expire_in' }) @LenientNumber() expireIn?: number;
}
