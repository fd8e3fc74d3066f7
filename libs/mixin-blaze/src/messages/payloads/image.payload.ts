import { Expose } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';
import { SENT } from './directions.js';
import { IsMixinId } from './validators.js';
import { LenientNumber, LenientString, OptionalBoolean, OptionalString } from './wire-fields.js';

/**
 * `PLAIN_IMAGE` payload: an uploaded attachment plus its preview.
 *
 * Incoming, only `attachment_id` is required (without it there is nothing to fetch). Sizes may
 * be absent (FOX `messages.go ImageMessage` has `omitempty`, so a 0 is dropped), `null`
 * (Android `websocket/AttachmentMessagePayload.kt` types them `Int?`) or numeric strings
 * (DART `JsonStringToInt`); they come out as numbers or `undefined`. Outgoing, `mime_type`,
 * `width`, `height` and `size` stay required integers: clients need them to lay the image out.
 */
export class ImagePayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @LenientString() @IsString(SENT) mimeType?: string;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) width?: number;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) height?: number;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) size?: number;
  /** Base64 preview image; Go writes `""` when there is none. */
  @Expose() @OptionalString() thumbnail?: string;
  @Expose() @OptionalString() caption?: string;
  /** Base64 AES key of an encrypted attachment (Signal-era clients; FOX `AttachmentMessageEncrypt`). */
  @Expose() @OptionalString() key?: string;
  /** Base64 digest of an encrypted attachment. */
  @Expose() @OptionalString() digest?: string;
  /** Upload time as the sender wrote it (kept as a string to preserve precision). */
  @Expose({ name: 'created_at' }) @OptionalString() createdAt?: string;
  /** Whether receivers may forward it (Android and DART `shareable`). */
  @Expose() @OptionalBoolean() shareable?: boolean;
}
