import { Expose } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';
import { SENT } from './directions.js';
import { IsMixinId } from './validators.js';
import { AlsoReads, LenientNumber, LenientString, OptionalBoolean, OptionalString } from './wire-fields.js';

/**
 * `PLAIN_AUDIO` payload (a voice note, usually `audio/ogg`). Incoming, only `attachment_id` is
 * required; `size` and `duration` may be absent (FOX omitempty), `null` (Android
 * `AttachmentMessagePayload.kt` `duration: Long?`) or numeric strings (DART `JsonStringToInt`).
 * Outgoing, `mime_type`, `size` and `duration` stay required integers.
 */
export class AudioPayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @LenientString() @IsString(SENT) mimeType?: string;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) size?: number;
  /** Length in milliseconds. */
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) duration?: number;
  /**
   * Base64 waveform. DOC, Android and DART spell the key `waveform`, NODE and FOX `wave_form`;
   * both are read, `waveform` is written.
   */
  @Expose() @AlsoReads('wave_form') @OptionalString() waveform?: string;
  @Expose() @OptionalString() caption?: string;
  @Expose() @OptionalString() key?: string;
  @Expose() @OptionalString() digest?: string;
  @Expose({ name: 'created_at' }) @OptionalString() createdAt?: string;
  /** Whether receivers may forward it (Android and DART `shareable`). */
  @Expose() @OptionalBoolean() shareable?: boolean;
}
