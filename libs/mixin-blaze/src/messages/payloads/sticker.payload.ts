import { Expose, Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';
import { INCOMING } from './directions.js';
import { IsMixinId } from './validators.js';
import { LenientId, OptionalString } from './wire-fields.js';

/**
 * `PLAIN_STICKER` payload. Current clients send `sticker_id` (Android
 * `StickerMessagePayload.kt`); FOX `messages.go StickerMessage` still sends the legacy
 * `name` + `album_id` only, and DART reads all three. So `stickerId` is required only when no
 * `name` is given: a sticker with neither cannot be drawn by anyone.
 */
export class StickerPayload {
  @Expose({ name: 'sticker_id' })
  @Transform(({ value }) => (value === null ? undefined : value), { toClassOnly: true, groups: [INCOMING] })
  @ValidateIf((o: StickerPayload) => o.name === undefined || o.name === null || o.stickerId !== undefined)
  @IsMixinId()
  stickerId?: string;
  @Expose() @OptionalString() name?: string;
  @Expose({ name: 'album_id' }) @LenientId() albumId?: string;
}
