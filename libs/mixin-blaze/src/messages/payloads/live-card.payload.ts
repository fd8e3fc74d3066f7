import { Expose } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';
import { SENT } from './directions.js';
import { LenientNumber, LenientString, OptionalBoolean } from './wire-fields.js';

/**
 * `PLAIN_LIVE` payload: a live-stream card. Incoming, every field is optional: DART
 * `live_message.dart` reads the sizes through `JsonStringToInt` (strings, null → 0) and
 * defaults `shareable` to true, and GO `message.go LiveMessagePayload` writes `""` for an unset
 * URL. Outgoing, the sizes and both URLs stay required.
 */
export class LiveCardPayload {
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) width?: number;
  @Expose() @LenientNumber() @IsInt(SENT) @Min(0, SENT) height?: number;
  @Expose({ name: 'thumb_url' }) @LenientString() @IsString(SENT) thumbUrl?: string;
  /** Stream URL (usually HLS). */
  @Expose() @LenientString() @IsString(SENT) url?: string;
  @Expose() @OptionalBoolean() shareable?: boolean;
}
