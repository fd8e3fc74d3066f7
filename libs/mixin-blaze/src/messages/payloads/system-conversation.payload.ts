import { Expose } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IsOptionalMixinId } from './validators.js';

/** Known `SYSTEM_CONVERSATION` actions (FLT `message_action.dart`). */
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

/** Participant roles; `""` is an ordinary member. */
export const PARTICIPANT_ROLES = ['OWNER', 'ADMIN', ''] as const;

/**
 * `SYSTEM_CONVERSATION` payload: membership and settings changes.
 * `action` is any non-empty string (not restricted to {@link SystemConversationAction})
 * so a new server-side action does not make every such message undecodable.
 */
export class SystemConversationPayload {
  @Expose() @IsString() @IsNotEmpty() action: string;
  /** The member affected; `""` for conversation-wide actions such as UPDATE or EXPIRE. */
  @Expose({ name: 'participant_id' }) @IsOptionalMixinId() participantId?: string;
  /** Who performed the action. */
  @Expose({ name: 'user_id' }) @IsOptionalMixinId() userId?: string;
  @Expose() @IsOptional() @IsIn(PARTICIPANT_ROLES) role?: string;
  /** New disappearing-message timer in seconds (EXPIRE). */
  @Expose({ name: 'expire_in' }) @IsOptional() @IsInt() expireIn?: number;
}
