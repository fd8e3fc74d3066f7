import { Expose } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';
import { SENT } from './directions.js';
import { IsMixinId } from './validators.js';
import { LenientNumber, LenientString, OptionalBoolean, OptionalString } from './wire-fields.js';

/**
 * `PLAIN_VIDEO` payload. Incoming, only `attachment_id` is required; sizes and `duration` may
 * be absent (FOX `messages.go VideoMessage` omitempty), `null` (Android
 * `AttachmentMessagePayload.kt`) or numeric strings (DART `JsonStringToInt`), and come out as
 * numbers or `undefined`. Outgoing, `mime_type`, `width`, `height`, `size` and `duration` stay
 * required integers.
 */
export class VideoPayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @LenientString() @IsString(SENT) mimeType?: string;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) width?: number;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) height?: number;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) size?: number;
  /** Length in milliseconds. */
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) duration?: number;
  /** Base64 preview (FOX writes its `[]byte` thumbnail as base64 too). */
  @Expose() @OptionalString() thumbnail?: string;
  @Expose() @OptionalString() caption?: string;
  @Expose() @OptionalString() key?: string;
  @Expose() @OptionalString() digest?: string;
  @Expose({ name: 'created_at' }) @OptionalString() createdAt?: string;
  /** Whether receivers may forward it (Android and DART `shareable`). */
  @Expose() @OptionalBoolean() shareable?: boolean;
}
