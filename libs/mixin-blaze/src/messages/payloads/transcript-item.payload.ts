import { Expose } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { SENT } from './directions.js';
import { IsIntOrIntString, IsMixinId, IsOptionalMixinId } from './validators.js';
import { LenientId, LenientNumber, LenientString, LenientValue, OptionalString } from './wire-fields.js';

// Outgoing rules for optional fields.
function SentOptionalInt(): PropertyDecorator {
  return (target, key) => [IsOptional(SENT), IsInt(SENT), Min(0, SENT)].forEach((decorate) => decorate(target, key));
}
function SentOptionalId(): PropertyDecorator {
  return IsOptionalMixinId(SENT);
}

/**
 * One quoted message inside a `PLAIN_TRANSCRIPT` (the payload is an array of these; FOX
 * `TranscriptMessage`, Android `vo/TranscriptMessage.kt`, Flutter `transcript_messages`).
 *
 * Incoming, every field is optional: FOX writes the struct with omitempty; Flutter
 * (`workers/job/sending_job.dart`) writes every column, `null`s included, with
 * `media_duration` as an integer or `null`; Android writes `media_duration` as a number and
 * older Flutter builds as a string; items of a nested transcript carry that transcript's id.
 * Numbers may be numeric strings and come out as numbers. Outgoing, the ids, `category` and
 * `created_at` stay required, and `media_duration` may be an integer or an integer string.
 */
export class TranscriptItem {
  /** The transcript message this item belongs to. */
  @Expose({ name: 'transcript_id' }) @LenientId() @IsMixinId(SENT) transcriptId?: string;
  @Expose({ name: 'message_id' }) @LenientId() @IsMixinId(SENT) messageId?: string;
  @Expose({ name: 'user_id' }) @LenientId() @SentOptionalId() userId?: string;
  @Expose({ name: 'user_full_name' }) @OptionalString() userFullName?: string;
  /** Category of the quoted message, e.g. `PLAIN_TEXT`. */
  @Expose() @LenientString() @IsString(SENT) @IsNotEmpty(SENT) category?: string;
  @Expose() @OptionalString() content?: string;
  @Expose({ name: 'media_url' }) @OptionalString() mediaUrl?: string;
  @Expose({ name: 'media_name' }) @OptionalString() mediaName?: string;
  @Expose({ name: 'media_size' }) @LenientNumber() @SentOptionalInt() mediaSize?: number;
  @Expose({ name: 'media_width' }) @LenientNumber() @SentOptionalInt() mediaWidth?: number;
  @Expose({ name: 'media_height' }) @LenientNumber() @SentOptionalInt() mediaHeight?: number;
  /** Milliseconds. Incoming always a number; outgoing an integer or an integer string. */
  @Expose({ name: 'media_duration' })
  @LenientNumber()
  @IsOptional(SENT)
  @IsIntOrIntString(SENT)
  mediaDuration?: number;
  @Expose({ name: 'media_mime_type' }) @OptionalString() mediaMimeType?: string;
  @Expose({ name: 'media_waveform' }) @OptionalString() mediaWaveform?: string;
  @Expose({ name: 'media_key' }) @OptionalString() mediaKey?: string;
  @Expose({ name: 'media_digest' }) @OptionalString() mediaDigest?: string;
  @Expose({ name: 'media_created_at' }) @OptionalString() mediaCreatedAt?: string;
  @Expose({ name: 'thumb_image' }) @OptionalString() thumbImage?: string;
  @Expose({ name: 'thumb_url' }) @OptionalString() thumbUrl?: string;
  @Expose({ name: 'sticker_id' }) @LenientId() @SentOptionalId() stickerId?: string;
  @Expose({ name: 'shared_user_id' }) @LenientId() @SentOptionalId() sharedUserId?: string;
  /** Clients store mentions as a JSON string; its shape is not settled, so it is passed through unchecked. */
  @Expose() @LenientValue() mentions?: unknown;
  @Expose({ name: 'quote_id' }) @OptionalString() quoteId?: string;
  @Expose({ name: 'quote_content' }) @OptionalString() quoteContent?: string;
  @Expose() @OptionalString() caption?: string;
  @Expose({ name: 'created_at' }) @LenientString() @IsString(SENT) createdAt?: string;
}
