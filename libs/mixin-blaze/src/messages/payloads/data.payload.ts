import { Expose } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { IsMixinId } from './validators.js';

/** `PLAIN_DATA` payload: a file attachment. */
export class DataPayload {
  @Expose({ name: 'attachment_id' }) @IsMixinId() attachmentId: string;
  @Expose({ name: 'mime_type' }) @IsString() mimeType: string;
  @Expose() @IsInt() @Min(0) size: number;
  /** File name shown to the user. */
  @Expose() @IsString() name: string;
  @Expose() @IsOptional() @IsString() key?: string;
  @Expose() @IsOptional() @IsString() digest?: string;
  @Expose({ name: 'created_at' }) @IsOptional() @IsString() createdAt?: string;
}
