import { Expose } from 'class-transformer';
import { IsArray } from 'class-validator';
import { IsMixinId } from './validators.js';
import { LenientString } from './wire-fields.js';

/** Values of `MessagePin.action` the clients act on. */
export const PIN_ACTIONS = ['PIN', 'UNPIN'] as const;
export type PinAction = (typeof PIN_ACTIONS)[number];

/**
 * `MESSAGE_PIN` payload. `message_ids` is required (Android `PinMessagePayload.kt` and Flutter
 * `pin_message_payload.g.dart` both fail without it), but may be empty. `action` is any string
 * or absent: Android ignores an action it does not know, and Flutter decodes a missing one as
 * null; a handler should act only on {@link PIN_ACTIONS}.
 */
export class PinPayload {
  @Expose() @LenientString() action?: PinAction | (string & {});
  @Expose({ name: 'message_ids' }) @IsArray() @IsMixinId({ each: true }) messageIds: string[];
}
