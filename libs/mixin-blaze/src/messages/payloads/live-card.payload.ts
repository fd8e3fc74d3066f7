import { Expose } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';

/** `PLAIN_LIVE` payload: a live-stream card. */
export class LiveCardPayload {
  @Expose() @IsInt() @Min(0) width: number;
  @Expose() @IsInt() @Min(0) height: number;
  @Expose({ name: 'thumb_url' }) @IsString() thumbUrl: string;
  /** Stream URL (usually HLS). */
  @Expose() @IsString() url: string;
  @Expose() @IsOptional() @IsBoolean() shareable?: boolean;
}
