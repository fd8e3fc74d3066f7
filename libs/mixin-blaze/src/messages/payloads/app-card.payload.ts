import { Expose, Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { HEX_COLOR } from './app-button.payload.js';
import { SENT } from './directions.js';
import { IsMixinId } from './validators.js';
import { LenientId, LenientNumber, LenientString, LenientValue, OptionalBoolean, OptionalString, SentOptionalString } from './wire-fields.js';

/**
 * Cover image of a current-style app card. Incoming, every field is optional (Android
 * `vo/AppCardData.kt Cover` reads missing sizes as 0 and a missing URL as null); sizes may be
 * numeric strings. Outgoing, `mime_type`, `url`, `width` and `height` stay required.
 */
export class AppCardCover {
  @Expose({ name: 'mime_type' }) @LenientString() @IsString(SENT) mimeType?: string;
  @Expose() @LenientString() @IsString(SENT) url?: string;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) width?: number;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) height?: number;
  /** Base64 blurred preview. */
  @Expose() @OptionalString() thumbnail?: string;
}

/**
 * A button drawn under a current-style app card. Incoming, as {@link AppButton}: optional
 * strings kept as sent (`"color": ""` from GO `AppCardAction = AppButtonView`). Outgoing, the
 * label is at most 36 characters and a colour, when given, `#RRGGBB`.
 */
export class AppCardAction {
  @Expose() @LenientString() @IsString(SENT) @MaxLength(36, SENT) label?: string;
  @Expose()
  @LenientString()
  @SentOptionalString()
  @Matches(HEX_COLOR, { ...SENT, message: '$property must be a #RRGGBB colour' })
  color?: string;
  @Expose() @LenientString() @IsString(SENT) action?: string;
}

/**
 * `APP_CARD` payload. Current cards use `cover`/`cover_url` and `actions`; legacy cards carry
 * `icon_url` and a single `action` (clients then draw the old style).
 *
 * Incoming, nothing is required. GO `blaze.go SendAppCard` sends `{title, description, action,
 * icon_url}` without `app_id`; FOX `AppCardMessage` omits empty fields; Android
 * `vo/AppCardData.kt` types every field nullable and cuts (does not refuse) titles over 128 and
 * descriptions over 1024 characters; GO `AppCardView` writes `"actions": null` and `""` for
 * unset strings. Outgoing, `app_id`, a title of at most 36 characters and a description of at
 * most 1024 stay required.
 */
export class AppCardPayload {
  @Expose({ name: 'app_id' }) @LenientId() @IsMixinId(SENT) appId?: string;
  @Expose() @LenientString() @IsString(SENT) @MaxLength(36, SENT) title?: string;
  @Expose() @LenientString() @IsString(SENT) @MaxLength(1024, SENT) description?: string;

  @Expose()
  @LenientValue()
  @IsOptional()
  @ValidateNested()
  @Type(() => AppCardCover)
  cover?: AppCardCover;

  @Expose({ name: 'cover_url' }) @OptionalString() coverUrl?: string;

  @Expose()
  @LenientValue()
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppCardAction)
  actions?: AppCardAction[];

  @Expose() @OptionalBoolean() shareable?: boolean;
  @Expose({ name: 'updated_at' }) @OptionalString() updatedAt?: string;

  /** Legacy card icon. */
  @Expose({ name: 'icon_url' }) @OptionalString() iconUrl?: string;
  /** Legacy single action URL; a non-empty one makes clients draw the old card. */
  @Expose() @OptionalString() action?: string;
}
