import { Expose } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { IsMixinId } from './validators.js';

/** `PLAIN_VIDEO` payload. */
export class VideoPayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @IsString() mimeType: string;
  @Expose() @IsInt() @Min(0) width: number;
  @Expose() @IsInt() @Min(0) height: number;
  @Expose() @IsInt() @Min(0) size: number;
  /** Length in milliseconds. */
  @Expose() @IsInt() @Min(0) duration: number;
  @Expose() @IsOptional() @IsString() thumbnail?: string;
  @Expose() @IsOptional() @IsString() caption?: string;
  @Expose() @IsOptional() @IsString() key?: string;
  @Expose() @IsOptional() @IsString() digest?: string;
  @Expose({ name: 'created_at' }) @IsOptional() @IsString() createdAt?: string;
}
