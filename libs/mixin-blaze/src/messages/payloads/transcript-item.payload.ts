import { Expose } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { IsIntOrIntString, IsMixinId, IsOptionalMixinId } from './validators.js';

/**
 * One quoted message inside a `PLAIN_TRANSCRIPT` (the payload is an array of
 * these; FOX `TranscriptMessage`, FLT `transcript_messages`). Only the ids,
 * category and time are required: the rest depends on the item's own category.
 */
export class TranscriptItem {
  /** The transcript message this item belongs to. */
  @Expose({ name: 'transcript_id' }) @IsMixinId() transcriptId: string;
  @Expose({ name: 'message_id' }) @IsMixinId() messageId: string;
  @Expose({ name: 'user_id' }) @IsOptionalMixinId() userId?: string;
  @Expose({ name: 'user_full_name' }) @IsOptional() @IsString() userFullName?: string;
  /** Category of the quoted message, e.g. `PLAIN_TEXT`. */
  @Expose() @IsString() @IsNotEmpty() category: string;
  @Expose() @IsOptional() @IsString() content?: string;
  @Expose({ name: 'media_url' }) @IsOptional() @IsString() mediaUrl?: string;
  @Expose({ name: 'media_name' }) @IsOptional() @IsString() mediaName?: string;
  @Expose({ name: 'media_size' }) @IsOptional() @IsInt() @Min(0) mediaSize?: number;
  @Expose({ name: 'media_width' }) @IsOptional() @IsInt() @Min(0) mediaWidth?: number;
  @Expose({ name: 'media_height' }) @IsOptional() @IsInt() @Min(0) mediaHeight?: number;
  /** Milliseconds; Android and Flutter send it as a string, so both forms pass. */
  @Expose({ name: 'media_duration' }) @IsOptional() @IsIntOrIntString() mediaDuration?: number | string;
  @Expose({ name: 'media_mime_type' }) @IsOptional() @IsString() mediaMimeType?: string;
  @Expose({ name: 'media_waveform' }) @IsOptional() @IsString() mediaWaveform?: string;
  @Expose({ name: 'media_key' }) @IsOptional() @IsString() mediaKey?: string;
  @Expose({ name: 'media_digest' }) @IsOptional() @IsString() mediaDigest?: string;
  @Expose({ name: 'media_created_at' }) @IsOptional() @IsString() mediaCreatedAt?: string;
  @Expose({ name: 'thumb_image' }) @IsOptional() @IsString() thumbImage?: string;
  @Expose({ name: 'thumb_url' }) @IsOptional() @IsString() thumbUrl?: string;
  @Expose({ name: 'sticker_id' }) @IsOptionalMixinId() stickerId?: string;
  @Expose({ name: 'shared_user_id' }) @IsOptionalMixinId() sharedUserId?: string;
  /** Clients store mentions as a JSON string; its shape is not settled, so it is passed through unchecked. */
  @Expose() @IsOptional() mentions?: unknown;
  @Expose({ name: 'quote_id' }) @IsOptional() @IsString() quoteId?: string;
  @Expose({ name: 'quote_content' }) @IsOptional() @IsString() quoteContent?: string;
  @Expose() @IsOptional() @IsString() caption?: string;
  @Expose({ name: 'created_at' }) @IsString() createdAt: string;
}
