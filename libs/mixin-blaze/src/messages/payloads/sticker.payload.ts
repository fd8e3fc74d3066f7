import { Expose } from 'class-transformer';
import { IsOptional, IsString, ValidateIf } from 'class-validator';
import { IsMixinId, IsOptionalMixinId } from './validators.js';

/**
 * `PLAIN_STICKER` payload. Current clients send `sticker_id`; older ones sent
 * `name` + `album_id` (DART reads all three), so `stickerId` is required only
 * when no `name` is given.
 */
export class StickerPayload {
  @Expose({ name: 'sticker_id' })
  @ValidateIf((o: StickerPayload) => o.name === undefined || o.stickerId !== undefined)
  @IsMixinId()
  stickerId?: string;
  @Expose() @IsOptional() @IsString() name?: string;
  @Expose({ name: 'album_id' }) @IsOptionalMixinId() albumId?: string;
}
