import { Expose } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn } from 'class-validator';
import { IsMixinId } from './validators.js';

/** Values of `MessagePin.action`. */
export const PIN_ACTIONS = ['PIN', 'UNPIN'] as const;
export type PinAction = (typeof PIN_ACTIONS)[number];

/** `MESSAGE_PIN` payload. */
export class PinPayload {
  @Expose() @IsIn(PIN_ACTIONS) action: PinAction;
  @Expose({ name: 'message_ids' }) @IsArray() @ArrayNotEmpty() @IsMixinId({ each: true }) messageIds: string[];
}
