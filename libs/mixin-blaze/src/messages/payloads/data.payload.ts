import { Expose } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';
import { SENT } from './directions.js';
import { IsMixinId } from './validators.js';
import { LenientNumber, LenientString, OptionalBoolean, OptionalString } from './wire-fields.js';

/**
 * `PLAIN_DATA` payload: a file attachment. Incoming, only `attachment_id` is required: `name`
 * may be absent or `null` (FOX `DataMessage` omitempty; Android and DART type it `String?`),
 * and `size` may be absent, `null` or a numeric string (DART `JsonStringToInt`). Outgoing,
 * `mime_type`, `size` and `name` stay required.
 */
export class DataPayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @LenientString() @IsString(SENT) mimeType?: string;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) size?: number;
  /** File name shown to the user. */
  @Expose() @LenientString() @IsString(SENT) name?: string;
  @Expose() @OptionalString() key?: string;
  @Expose() @OptionalString() digest?: string;
  @Expose({ name: 'created_at' }) @OptionalString() createdAt?: string;
  /** Whether receivers may forward it (Android and DART `shareable`). */
  @Expose() @OptionalBoolean() shareable?: boolean;
}
