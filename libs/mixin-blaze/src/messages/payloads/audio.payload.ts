import { Expose, Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { IsMixinId } from './validators.js';

/** `PLAIN_AUDIO` payload (a voice note, usually `audio/ogg`). */
export class AudioPayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @IsString() mimeType: string;
  @Expose() @IsInt() @Min(0) size: number;
  /** Length in milliseconds. */
  @Expose() @IsInt() @Min(0) duration: number;
  /**
   * Base64 waveform. DOC and DART spell the key `waveform`, NODE and FOX `wave_form`;
   * both are read, `waveform` is written.
   */
  @Expose()
  @Transform(({ value, obj }) => value ?? obj?.wave_form, { toClassOnly: true })
  @IsOptional()
  @IsString()
  waveform?: string;
  @Expose() @IsOptional() @IsString() caption?: string;
  @Expose() @IsOptional() @IsString() key?: string;
  @Expose() @IsOptional() @IsString() digest?: string;
  @Expose({ name: 'created_at' }) @IsOptional() @IsString() createdAt?: string;
}
