import { Expose, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HEX_COLOR } from './app-button.payload.js';
import { IsMixinId } from './validators.js';

/** Cover image of a current-style app card. */
export class AppCardCover {
  @Expose({ name: 'mime_type' }) @IsString() mimeType: string;
  @Expose() @IsString() url: string;
  @Expose() @IsInt() @Min(0) width: number;
  @Expose() @IsInt() @Min(0) height: number;
  /** Base64 blurred preview. */
  @Expose() @IsOptional() @IsString() thumbnail?: string;
}

/** A button drawn under a current-style app card. */
export class AppCardAction {
  @Expose() @IsString() @MaxLength(36) label: string;
  @Expose() @IsOptional() @IsString() @Matches(HEX_COLOR, { message: '$property must be a #RRGGBB colour' }) color?: string;
  @Expose() @IsString() action: string;
}

/**
 * `APP_CARD` payload. Current cards use `cover`/`cover_url` and `actions`;
 * legacy cards carry `icon_url` and a single `action` (clients then draw the old style).
 */
export class AppCardPayload {
  @Expose({ name: 'app_id' }) @IsMixinId() appId: string;
  @Expose() @IsString() @MaxLength(36) title: string;
  @Expose() @IsString() @MaxLength(1024) description: string;

  @Expose()
  @IsOptional()
  @ValidateNested()
  @Type(() => AppCardCover)
  cover?: AppCardCover;

  @Expose({ name: 'cover_url' }) @IsOptional() @IsString() coverUrl?: string;

  @Expose()
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppCardAction)
  actions?: AppCardAction[];

  @Expose() @IsOptional() @IsBoolean() shareable?: boolean;
  @Expose({ name: 'updated_at' }) @IsOptional() @IsString() updatedAt?: string;

  /** Legacy card icon. */
  @Expose({ name: 'icon_url' }) @IsOptional() @IsString() iconUrl?: string;
  /** Legacy single action URL; its presence makes clients draw the old card. */
  @Expose() @IsOptional() @IsString() action?: string;
}
